import { z } from 'zod';
import { REGIONS, TASK_STATUSES, WARNING_LIGHTS, type Identity, type TaskDetail, type TaskListResult, type WarningThresholds } from './tasks.types';
import type { ChannelName } from './channels';
import { channel, id, isoDate, requiredText, text, type ChannelDef } from './channel-def';

/** Channels of 任务分解, 我的任务, progress reports and the units list (contract part for tasks). */

const ids = z.array(id).max(20_000);
const unitName = requiredText(60);

const milestone = z.strictObject({ year: z.number().int().min(2000).max(2100), title: requiredText(200), dueDate: isoDate });

export const taskChannels = {
  'identity.get': channel<Identity>()(z.strictObject({})),
  'identity.set': channel<Identity>()(
    z.strictObject({ role: z.enum(['office', 'unit']), unitId: id.nullable().optional(), person: text(40) }),
  ),
  'warnings.getThresholds': channel<WarningThresholds>()(z.strictObject({})),
  'warnings.setThresholds': channel<WarningThresholds>()(
    z.strictObject({
      yellowLag: z.number().int().min(1).max(100),
      redLag: z.number().int().min(1).max(100),
      dueSoonDays: z.number().int().min(0).max(365),
      notStartedMonths: z.number().int().min(1).max(60),
    }),
  ),
  'tasks.list': channel<TaskListResult>()(
    z.strictObject({
      planId: id.optional(),
      chapterId: id.optional(),
      sectionId: id.optional(),
      measureId: id.optional(),
      region: z.enum(REGIONS).optional(),
      unitId: id.optional(),
      unitRole: z.enum(['lead', 'cooperating', 'any']).optional(),
      statuses: z.array(z.enum(TASK_STATUSES)).max(TASK_STATUSES.length).optional(),
      lights: z.array(z.enum(WARNING_LIGHTS)).max(WARNING_LIGHTS.length).optional(),
      deadlineFrom: isoDate.optional(),
      deadlineTo: isoDate.optional(),
      search: text(100).optional(),
      includeRetired: z.boolean().optional(),
      sort: z
        .strictObject({
          field: z.enum(['code', 'deadline', 'percent', 'scheduleProgress', 'lag', 'status', 'leadUnit', 'lastReportAt']),
          order: z.enum(['asc', 'desc']),
        })
        .optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
      limit: z.number().int().min(1).max(20_000).optional(),
    }),
  ),
  'tasks.get': channel<TaskDetail>()(z.strictObject({ id })),
  'tasks.update': channel<null>()(
    z.strictObject({
      id,
      expectedVersion: z.number().int().min(1).optional(),
      text: requiredText(2000).optional(),
      standard: text(2000).optional(),
      note: text(2000).optional(),
      startDate: isoDate.nullable().optional(),
      deadline: isoDate.nullable().optional(),
    }),
  ),
  'tasks.add': channel<{ id: number; code: string }>()(z.strictObject({ measureId: id, text: requiredText(2000) })),
  'tasks.split': channel<{ id: number; code: string }[]>()(
    z.strictObject({ id, parts: z.array(requiredText(2000)).min(2, '拆分至少需要两项').max(20) }),
  ),
  'tasks.merge': channel<{ id: number; code: string }>()(z.strictObject({ ids: z.array(id).min(2, '合并至少需要两项').max(50), text: requiredText(2000) })),
  'tasks.retire': channel<null>()(z.strictObject({ id, reason: requiredText(500) })),
  'tasks.assign': channel<{ updated: number }>()(
    z.strictObject({
      taskIds: ids.min(1, '请先选择任务'),
      leadUnitId: id.optional(),
      cooperatorUnitIds: z.array(id).max(100).optional(),
      addCooperatorUnitIds: z.array(id).max(100).optional(),
      startDate: isoDate.nullable().optional(),
      deadline: isoDate.nullable().optional(),
      standard: text(2000).optional(),
      milestones: z.array(milestone).max(50).optional(),
    }),
  ),
  'tasks.setTargets': channel<null>()(
    z.strictObject({
      taskId: id,
      targets: z
        .array(
          z.strictObject({
            description: requiredText(200),
            value: z.number().finite(),
            unitOfMeasure: requiredText(20),
            year: z.number().int().min(2000).max(2100),
          }),
        )
        .max(50),
    }),
  ),
  'milestones.setDone': channel<null>()(z.strictObject({ milestoneId: id, done: z.boolean() })),
  'milestones.delete': channel<null>()(z.strictObject({ milestoneId: id })),
  'progress.submit': channel<{ reportId: number }>()(
    z.strictObject({
      taskId: id,
      status: z.enum(TASK_STATUSES),
      // Range and integer rules are checked by the service, so the message can name the task.
      percent: z.number().finite(),
      progress: text(5000),
      problems: text(5000),
      nextSteps: text(5000),
      coordination: text(5000),
      attachments: z
        .array(z.strictObject({ name: z.string().max(1000), contentBase64: z.string().max(15 * 1024 * 1024, '附件过大') }))
        .max(20),
    }),
  ),
  'attachments.read': channel<{ name: string; size: number; contentBase64: string }>()(z.strictObject({ id })),
  'units.create': channel<{ id: number }>()(
    z.strictObject({ name: unitName, kind: z.enum(['department', 'city', 'investment_office']), aliases: z.array(unitName).max(20) }),
  ),
  'units.update': channel<null>()(z.strictObject({ id, name: unitName, aliases: z.array(unitName).max(20) })),
  'units.setRetired': channel<{ openLeadTasks: number }>()(z.strictObject({ id, retired: z.boolean() })),
} satisfies Partial<Record<ChannelName, ChannelDef<z.ZodType, unknown>>>;
