import { z } from 'zod';
import { keeperOnly } from './access';
import type { AuditPage, AuditVerification } from './audit.types';
import { channel, id, isoDate, text, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './reports.types';

/** Channels of 操作日志 (the audit trail): the office and the 系统管理员 read and export it; nobody writes it. */

export const auditFilter = z.strictObject({
  /** Beijing dates, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  unitId: id.optional(),
  /** Part of the person's 单位（姓名）. */
  who: text(40).optional(),
  channel: text(60).optional(),
  outcome: z.enum(['ok', 'refused', 'failed']).optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

const read = keeperOnly('查看操作日志');

export const auditChannels = {
  'audit.list': channel<AuditPage>()(read, auditFilter),
  'audit.export': channel<ExportedFile>()(read, auditFilter),
  'audit.verify': channel<AuditVerification>()(read, z.strictObject({})),
} satisfies ChannelGroup;
