import { Badge, Tooltip } from 'antd';
import type { TaskLight as Light, WarningLight as IndicatorLight } from '../../../src-main/api/tasks.types';

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '暂缓', none: '未分配' };
/** An indicator's grey light means it cannot be judged (no target or value yet): 暂缓 is a task status (src-main/indicators/indicator-math.ts). */
export const INDICATOR_LIGHT_LABELS: Record<IndicatorLight, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '无法判断' };
const LIGHT_COLORS: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', grey: '#bfbfbf', none: 'transparent' };

/** The warning light with its label, and why it is lit in the tooltip. A task nobody leads yet shows no light at all. */
export function WarningLight({ light, reasons, labels = LIGHT_LABELS }: { light: Light; reasons: string[]; labels?: Partial<Record<Light, string>> }) {
  const label = labels[light] ?? LIGHT_LABELS[light];
  if (light === 'none') {
    return (
      <span aria-label="预警：无（未分配牵头单位）" data-light="none" title={reasons.join('；')} className="pd-no-light">
        —
      </span>
    );
  }
  return (
    <Tooltip title={reasons.join('；')}>
      <span aria-label={`预警：${label}`} data-light={light}>
        <Badge color={LIGHT_COLORS[light]} text={label} />
      </span>
    </Tooltip>
  );
}
