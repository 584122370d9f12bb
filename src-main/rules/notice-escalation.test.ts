import { describe, expect, it } from 'vitest';
import { escalatedLevel, escalationSteps, type EscalationFacts } from './notice-escalation';

const rule = { yellowAfterDays: 3, redAfterDays: 10 };
const blue: EscalationFacts = { level: '蓝', replyDue: '2026-12-10', firstReplyOn: null, closedOn: null };

describe('蓝→黄→红: an unanswered notice goes up by the office rule', () => {
  it('stays 蓝 until 3 days past the reply date, is 黄 from then and 红 from 10 days, each step dated', () => {
    expect(escalatedLevel(blue, '2026-12-12', rule)).toBe('蓝');
    expect(escalatedLevel(blue, '2026-12-13', rule)).toBe('黄');
    expect(escalationSteps(blue, '2027-01-05', rule)).toEqual([
      { on: '2026-12-13', from: '蓝', to: '黄', daysOverdue: 3 },
      { on: '2026-12-20', from: '黄', to: '红', daysOverdue: 10 },
    ]);
  });

  it('stops the day the unit answers or the notice is 办结, and never lowers the issued level', () => {
    expect(escalationSteps({ ...blue, firstReplyOn: '2026-12-15' }, '2027-01-05', rule).map((s) => s.to)).toEqual(['黄']);
    expect(escalationSteps({ ...blue, firstReplyOn: '2026-12-13' }, '2027-01-05', rule)).toEqual([]);
    expect(escalationSteps({ ...blue, closedOn: '2026-12-11' }, '2027-01-05', rule)).toEqual([]);
    expect(escalationSteps({ ...blue, level: '黄' }, '2027-01-05', rule)).toEqual([{ on: '2026-12-20', from: '黄', to: '红', daysOverdue: 10 }]);
    expect(escalationSteps({ ...blue, level: '红' }, '2027-01-05', rule)).toEqual([]);
  });
});
