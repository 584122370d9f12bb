import { Badge, Tooltip } from 'antd';
import type { WarningLight as Light } from '../../../src-main/api/tasks.types';

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '暂缓' };
const LIGHT_COLORS: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', grey: '#bfbfbf' };

/** The warning light with its label, and why it is lit in the tooltip. */
export function WarningLight({ light, reasons }: { light: Light; reasons: string[] }) {
  return (
    <Tooltip title={reasons.join('；')}>
      <span aria-label={`预警：${LIGHT_LABELS[light]}`} data-light={light}>
        <Badge color={LIGHT_COLORS[light]} text={LIGHT_LABELS[light]} />
      </span>
    </Tooltip>
  );
}
