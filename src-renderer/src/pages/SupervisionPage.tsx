import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { InstructionsPanel } from '../components/instructions/InstructionsPanel';
import { NoticesPanel } from '../components/supervision/NoticesPanel';
import { ProblemsPanel } from '../components/supervision/ProblemsPanel';

/** 督办: supervision notices, the problem register and the 重大问题清单. */
export function SupervisionPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'notices';
  return (
    <div style={{ padding: 20 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        督办
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'notices', label: '督办事项', children: <NoticesPanel /> },
          { key: 'problems', label: '问题台账', children: <ProblemsPanel majorOnly={false} /> },
          { key: 'major', label: '重大问题清单', children: <ProblemsPanel majorOnly /> },
          { key: 'instructions', label: '领导批示', children: <InstructionsPanel /> },
        ]}
      />
    </div>
  );
}
