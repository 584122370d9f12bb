import { z } from 'zod';
import { REGIONS, TASK_LIGHTS, TASK_STATUSES, type TaskDetail, type TaskListResult } from './tasks.types';
import { channel, id, isoDate, requiredText, text, type ChannelGroup } from './channel-def';
import { anyone, member, officeOnly } from './access';

/** Channels of 任务分解 and 我的任务: the task list, editing and assigning tasks, milestones (contract part for tasks). */

const ids = z.array(id).max(20_000);

const milestone = z.strictObject({ year: z.number().int().min(2000).max(2100), title: requiredText(200), dueDate: isoDate });

export const taskChannels = {
  'tasks.list': channel<TaskListResult>()(
    anyone,
    z.strictObject({
      planId: id.optional(),
      chapterId: id.optional(),
      sectionId: id.optional(),
      measureId: id.optional(),
      region: z.enum(REGIONS).optional(),
      unitId: id.optional(),
      unitRole: z.enum(['lead', 'cooperating', 'any']).optional(),
      statuses: z.array(z.enum(TASK_STATUSES)).max(TASK_STATUSES.length).optional(),
      lights: z.array(z.enum(TASK_LIGHTS)).max(TASK_LIGHTS.length).optional(),
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
  'tasks.get': channel<TaskDetail>()(anyone, z.strictObject({ id })),
  'tasks.update': channel<null>()(
    officeOnly('修改任务'),
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
  'tasks.add': channel<{ id: number; code: string }>()(officeOnly('新增任务'), z.strictObject({ measureId: id, text: requiredText(2000) })),
  'tasks.split': channel<{ id: number; code: string }[]>()(
    officeOnly('拆分任务'),
    z.strictObject({ id, parts: z.array(requiredText(2000)).min(2, '拆分至少需要两项').max(20) }),
  ),
  'tasks.merge': channel<{ id: number; code: string }>()(officeOnly('合并任务'), z.strictObject({ ids: z.array(id).min(2, '合并至少需要两项').max(50), text: requiredText(2000) })),
  'tasks.retire': channel<null>()(officeOnly('撤销任务'), z.strictObject({ id, reason: requiredText(500) })),
  'tasks.assign': channel<{ updated: number }>()(
    officeOnly('分配任务'),
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
    officeOnly('设置量化目标'),
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
  'milestones.setDone': channel<null>()(member, z.strictObject({ milestoneId: id, done: z.boolean() })),
  'milestones.delete': channel<null>()(officeOnly('删除阶段目标'), z.strictObject({ milestoneId: id })),
} satisfies ChannelGroup;
