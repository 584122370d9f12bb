import { describe, expect, it } from 'vitest';
import { isAudited } from './call-audit';

describe('which calls the 操作日志 records', () => {
  it('a round circular drafted, edited and saved is one entry: the draft only reads, the saved .docx is recorded', () => {
    expect(isAudited('circulars.roundDraft')).toBe(false);
    expect(isAudited('circulars.round')).toBe(true);
  });
});
