import { z } from 'zod';
import { anyone } from './access';
import type { AppInfo } from './app.types';
import { channel, id, type ChannelGroup } from './channel-def';
import type { Indicator, PlanNodeDetail, PlanNodeKind, PlanSummary, PlanTreeNode } from './plan.types';

/** Channels of the app itself and of reading a plan: its tree, a node, its starting indicators (contract part for plans). */

const noInput = z.strictObject({});
const nodeKinds = ['plan', 'chapter', 'section', 'measure', 'task'] as const satisfies readonly PlanNodeKind[];

export const planChannels = {
  'app.info': channel<AppInfo>()(anyone, noInput),
  'plan.list': channel<PlanSummary[]>()(anyone, noInput),
  'plan.tree': channel<PlanTreeNode>()(anyone, z.strictObject({ planId: id })),
  'plan.node': channel<PlanNodeDetail>()(anyone, z.strictObject({ kind: z.enum(nodeKinds), id })),
  'plan.indicators': channel<Indicator[]>()(anyone, z.strictObject({ planId: id })),
} satisfies ChannelGroup;
