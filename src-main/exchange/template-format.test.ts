import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRowKey, rowKey, rowKeys, type TemplateMeta } from './template-format';

const meta: TemplateMeta = {
  format: 'plan-desk-template/1',
  planId: 3,
  unitId: 47,
  unitName: '省发展改革委',
  roundId: 60,
  roundName: '2026年第四季度调度',
  exportedAt: '2026-12-07T02:00:00.000Z',
};

/** A row's key as the template format defines it: the task, its version and a hash of both with the template's identity. */
function keyBySpec(template: TemplateMeta, taskId: number, version: number): string {
  const identity = [template.format, template.planId, template.unitId, template.unitName, template.roundId ?? '最新', template.roundName, template.exportedAt].join('\u001f');
  return `${taskId}-${version}-${createHash('sha256').update(`${identity}\u001f${taskId}\u001f${version}`).digest('hex').slice(0, 10)}`;
}

describe('row keys of a template', () => {
  it('are the same for every row however many are worked out in a row, and tell templates apart', () => {
    const keyOf = rowKeys(meta);
    for (let taskId = 1; taskId <= 500; taskId++) {
      const version = taskId % 7;
      expect(keyOf(taskId, version)).toBe(keyBySpec(meta, taskId, version));
      expect(rowKey(meta, taskId, version)).toBe(keyBySpec(meta, taskId, version));
    }
    expect(parseRowKey(keyOf(12345, 6))).toEqual({ taskId: 12345, version: 6 });
    // Another unit's, another round's, or a "latest" template gives every row another key.
    for (const other of [{ ...meta, unitId: 48 }, { ...meta, roundId: 61 }, { ...meta, roundId: null, roundName: '最新' }]) {
      expect(rowKeys(other)(7, 1)).not.toBe(keyOf(7, 1));
      expect(rowKeys(other)(7, 1)).toBe(keyBySpec(other, 7, 1));
    }
  });
});
