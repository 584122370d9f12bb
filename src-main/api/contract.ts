import type { z } from 'zod';
import type { Actor } from './access';
import { accountChannels } from './accounts.contract';
import { assessmentChannels } from './assessment.contract';
import { auditChannels } from './audit.contract';
import { backupChannels } from './backup.contract';
import { circularChannels } from './circulars.contract';
import { dashboardChannels } from './dashboard.contract';
import { escalationChannels } from './escalation.contract';
import { exchangePackageChannels } from './exchange-packages.contract';
import { extensionChannels } from './extensions.contract';
import { identityChannels } from './identity.contract';
import { indicatorChannels } from './indicators.contract';
import { instructionChannels } from './instructions.contract';
import { noticeChannels } from './notices.contract';
import { planImportChannels } from './plan-import.contract';
import { planChannels } from './plan.contract';
import { problemChannels } from './problems.contract';
import { progressChannels } from './progress.contract';
import { projectChannels } from './projects.contract';
import { reminderChannels } from './reminders.contract';
import { reportChannels } from './reports.contract';
import { reviewChannels } from './reviews.contract';
import { roundChannels } from './rounds.contract';
import { settingsChannels } from './settings.contract';
import { taskChannels } from './tasks.contract';
import { templateChannels } from './templates.contract';
import { todoChannels } from './todo.contract';
import { unitChannels } from './units.contract';

/**
 * The one API contract, joined from each domain's part: per channel, who may call it, the schema its input must
 * pass and the type it returns. The channel list, the dispatcher, the Electron preload and IPC registration, the
 * HTTP door and the renderer's client are all derived from this object; adding a channel touches its domain's
 * part and the domain's handlers, nothing else.
 */
export const contract = {
  ...planChannels,
  ...identityChannels,
  ...settingsChannels,
  ...unitChannels,
  ...taskChannels,
  ...progressChannels,
  ...reviewChannels,
  ...roundChannels,
  ...noticeChannels,
  ...problemChannels,
  ...indicatorChannels,
  ...projectChannels,
  ...assessmentChannels,
  ...dashboardChannels,
  ...reportChannels,
  ...templateChannels,
  ...exchangePackageChannels,
  ...planImportChannels,
  ...backupChannels,
  ...accountChannels,
  ...auditChannels,
  ...todoChannels,
  ...extensionChannels,
  ...reminderChannels,
  ...circularChannels,
  ...instructionChannels,
  ...escalationChannels,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
/** What a caller sends. */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
/** What a handler receives, after parsing. */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Contract[K]['output'];
/** The actor a handler receives: possibly nobody on channels open to anyone, always someone otherwise. */
export type ActorFor<K extends ChannelName> = Contract[K]['access'] extends { who: 'anyone' } ? Actor | null : Actor;

/** Every channel name, in the contract's order. */
export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
