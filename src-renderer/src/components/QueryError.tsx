import { Alert } from 'antd';

/** Shows a failed call's Chinese message as the main side wrote it. */
export function QueryError({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon title="加载失败" description={message} />;
}
