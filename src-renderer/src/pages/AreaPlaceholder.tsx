import { Card, Empty, Typography } from 'antd';

/** An area the navigation already names, shown with what it will hold until its feature lands. */
export function AreaPlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={3}>{title}</Typography.Title>
      <Card>
        <Empty description={<span>{description}<br />该功能将在后续版本中提供。</span>} />
      </Card>
    </div>
  );
}
