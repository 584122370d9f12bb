import { Button, Card, List, Tag, Typography } from 'antd';
import type { LeftoverText } from '../../../src-main/api/plan-import.types';

/**
 * 未导入的文字: every piece of the document the tree does not hold, with the reason; the office pulls any of it into
 * the item selected in the tree (after a task, into a measure as tasks, into a chapter's or section's introduction).
 */
export function ImportLeftovers({ leftovers, target, onAdopt }: { leftovers: LeftoverText[]; target: string | null; onAdopt: (leftover: LeftoverText) => void }) {
  return (
    <Card size="small" title={`未导入的文字（${leftovers.length} 段）`} aria-label="未导入的文字">
      {leftovers.length === 0 ? (
        <Typography.Text type="secondary">文件中的文字都已归入结构。</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {target ? `可把下列文字加入所选条目“${target}”。` : '在结构树中选择一项，再把下列文字加入其中。'}
          </Typography.Paragraph>
          <List
            size="small"
            style={{ maxHeight: 320, overflow: 'auto' }}
            dataSource={leftovers}
            renderItem={(item) => (
              <List.Item
                aria-label={item.text}
                actions={[
                  <Button key="adopt" size="small" disabled={!target} onClick={() => onAdopt(item)}>
                    加入所选条目
                  </Button>,
                ]}
              >
                <Tag>{item.reason}</Tag>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Typography.Text>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
