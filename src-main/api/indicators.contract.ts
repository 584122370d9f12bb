import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, requiredText, text, type ChannelGroup } from './channel-def';
import { INDICATOR_DIRECTIONS, type IndicatorStatus } from './indicators.types';

/** Channels of 主要指标: the indicator table and each year's actual value (contract part for indicators). */

export const year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');
/** Indicator values: any real number a statistic can take, bounded so nothing absurd is stored. */
const measure = z.number().min(-1e12).max(1e12);

const indicatorFields = {
  name: requiredText(100),
  unit: text(20).nullable(),
  baselineYear: year.nullable(),
  baselineValue: measure.nullable(),
  targetYear: year.nullable(),
  targetValue: measure.nullable(),
  targetText: text(200).nullable(),
  direction: z.enum(INDICATOR_DIRECTIONS).nullable(),
  responsibleUnitId: id.nullable(),
  note: text(2000),
};

export const indicatorChannels = {
  'indicators.list': channel<IndicatorStatus[]>()(anyone, z.strictObject({ planId: id })),
  'indicators.create': channel<{ id: number }>()(officeOnly('新增指标'), z.strictObject({ planId: id, ...indicatorFields })),
  'indicators.update': channel<null>()(officeOnly('修改指标'), z.strictObject({ id, ...indicatorFields })),
  'indicators.delete': channel<null>()(officeOnly('删除指标'), z.strictObject({ id })),
  // The responsible unit records its own indicator's value (checked by the service); the office any.
  'indicators.recordValue': channel<null>()(member, z.strictObject({ indicatorId: id, year, value: measure.nullable(), note: text(500) })),
} satisfies ChannelGroup;
