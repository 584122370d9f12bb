/**
 * Every channel the UI may call, by name. The preload exposes exactly these and nothing else;
 * `contract.ts` must define each of them (a missing or extra one is a compile error there).
 * Kept free of zod so the sandboxed preload bundles to a few hundred bytes.
 */
export const channelNames = [
  'app.info',
  'plan.list',
  'plan.tree',
  'plan.node',
  'plan.indicators',
  'units.list',
  // 数据备份 and the recovery screen (backup.contract.ts)
  'backup.list',
  'backup.create',
  'backup.restore',
  'recovery.status',
  'recovery.restore',
  // 任务分解, 我的任务, progress reports, units (tasks.contract.ts)
  'identity.get',
  'identity.set',
  'warnings.getThresholds',
  'warnings.setThresholds',
  'tasks.list',
  'tasks.get',
  'tasks.update',
  'tasks.add',
  'tasks.split',
  'tasks.merge',
  'tasks.retire',
  'tasks.assign',
  'tasks.setTargets',
  'milestones.setDone',
  'milestones.delete',
  'progress.submit',
  'attachments.read',
  'units.create',
  'units.update',
  'units.setRetired',
  // 调度, 督办, problems (supervision.contract.ts)
  'rounds.list',
  'rounds.get',
  'rounds.open',
  'rounds.close',
  'notices.list',
  'notices.get',
  'notices.issue',
  'notices.sign',
  'notices.reply',
  'notices.review',
  'problems.list',
  'problems.update',
  'problems.setMajor',
  // 主要指标, 重大项目, 考核, 跟踪分析 (supervision-b.contract.ts)
  'indicators.list',
  'indicators.create',
  'indicators.update',
  'indicators.delete',
  'indicators.recordValue',
  'projects.list',
  'projects.save',
  'projects.report',
  'assessment.getScheme',
  'assessment.setScheme',
  'assessment.compute',
  'assessment.freeze',
  'dashboard.get',
  // 报表 and the 填报模板 round trip (excel.contract.ts)
  'reports.options',
  'reports.export',
  'templates.export',
  'templates.preview',
  'templates.apply',
  // 导入规划 (plan-import.contract.ts)
  'planImport.preview',
  'planImport.save',
] as const;

export type ChannelName = (typeof channelNames)[number];

const channelSet: ReadonlySet<string> = new Set(channelNames);

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && channelSet.has(name);
}
