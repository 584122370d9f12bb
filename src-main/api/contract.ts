import { z } from 'zod';
import type { ChannelName } from './channels';
import type { AppInfo } from './app.types';
import type { Indicator, PlanNodeDetail, PlanNodeKind, PlanSummary, PlanTreeNode } from './plan.types';
import type { Unit } from './units.types';
import { channel, id, type ChannelDef } from './channel-def';
import { taskChannels } from './tasks.contract';
import { supervisionChannels } from './supervision.contract';
import { backupChannels } from './backup.contract';
import { supervisionBChannels } from './supervision-b.contract';
import { planImportChannels } from './plan-import.contract';
import { excelChannels } from './excel.contract';

/**
 * The one API contract: per channel, the schema its input must pass and the type it returns.
 * The dispatcher, the Electron preload and IPC registration, the HTTP door and the renderer's
 * client are all typed from this object.
 */
const noInput = z.strictObject({});
const nodeKinds = ['plan', 'chapter', 'section', 'measure', 'task'] as const satisfies readonly PlanNodeKind[];

export const contract = {
  'app.info': channel<AppInfo>()(noInput),
  'plan.list': channel<PlanSummary[]>()(noInput),
  'plan.tree': channel<PlanTreeNode>()(z.strictObject({ planId: id })),
  'plan.node': channel<PlanNodeDetail>()(z.strictObject({ kind: z.enum(nodeKinds), id })),
  'plan.indicators': channel<Indicator[]>()(z.strictObject({ planId: id })),
  'units.list': channel<Unit[]>()(z.strictObject({ includeRetired: z.boolean().optional() })),
  ...taskChannels,
  ...supervisionChannels,
  ...backupChannels,
  ...supervisionBChannels,
  ...planImportChannels,
  ...excelChannels,
} satisfies { [K in ChannelName]: ChannelDef<z.ZodType, unknown> };

export type Contract = typeof contract;
/** What a caller sends. */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
/** What a handler receives, after parsing. */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Contract[K]['output'];
