import { Badge, Tooltip } from 'antd';
import type { WarningLight as Light } from '../../../src-main/api/tasks.types';

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '暂缓' };
/** An indicator's grey light means it cannot be judged (no target or value yet): 暂缓 is a task status (src-main/indicators/indicator-math.ts). */
export const INDICATOR_LIGHT_LABELS: Record<Light, string> = { ...LIGHT_LABELS, grey: '无法判断' };
const LIGHT_COLORS: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', grey: '#bfbfbf' };

/** The warning light with its label, and why it is lit in the tooltip. */
export function WarningLight({ light, reasons, labels = LIGHT_LABELS }: { light: Light; reasons: string[]; labels?: Record<Light, string> }) {
  return (
    <Tooltip title={reasons.join('；')}>
      <span aria-label={`预警：${labels[light]}`} data-light={light}>
        <Badge color={LIGHT_COLORS[light]} text={labels[light]} />
      </span>
    </Tooltip>
  );
}
