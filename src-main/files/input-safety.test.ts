import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { hasBidiControls, refuseBidiControls, stripBidiControls } from '../api/input-text';
import { decodeBase64Strict } from './upload-content';

const RLO = '\u202E';

describe('bidi control characters', () => {
  it.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'])(
    'U+%s is found, refused in names and removed from text',
    (control) => {
      expect(hasBidiControls(`报告${control}fdp.exe`)).toBe(true);
      expect(stripBidiControls(`推进${control}顺利`)).toBe('推进顺利');
      expect(() => refuseBidiControls(`报告${control}fdp.exe`, '附件名')).toThrow(/附件名“报告fdp\.exe”含有看不见的文字方向控制字符/u);
    },
  );

  it('leaves ordinary Chinese, English and punctuation alone (also the zero-width joiner, which is no bidi control)', () => {
    const text = '山西省·太原市（2025年）：推进 A/B 项目——完成 60%。\u200D';
    expect(hasBidiControls(text)).toBe(false);
    expect(stripBidiControls(text)).toBe(text);
  });
});

describe('base64 file content', () => {
  it('decodes real base64 and refuses anything else, naming the file', () => {
    expect(decodeBase64Strict(Buffer.from('会议纪要').toString('base64'), '附件“纪要.pdf”').toString()).toBe('会议纪要');
    expect(decodeBase64Strict('', '附件“空.txt”')).toHaveLength(0);
    for (const bad of ['不是base64', 'abc', 'YWJj ZA==', 'YW=j', '@@@@', 'YWJjZA===']) {
      expect(() => decodeBase64Strict(bad, '附件“纪要.pdf”')).toThrow('附件“纪要.pdf”的内容不是有效的 base64 编码');
    }
  });
});

describe('a progress report with a hostile attachment', () => {
  let t: SeededDatabase;
  let taskId: number;
  beforeEach(async () => {
    t = await createSeededDatabase();
    taskId = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [], deadline: '2027-12-31' });
  });
  afterEach(() => t.dispose());
  const report = (attachments: ReportInput['attachments']): ReportInput => ({
    taskId, status: '序时推进', percent: 10, progress: '推进', problems: '', nextSteps: '', coordination: '', attachments,
  });
  const stored = () => {
    try {
      return readdirSync(join(t.dir, 'attachments'));
    } catch {
      return [];
    }
  };

  it('refuses a name with a right-to-left override and content that is not base64; nothing is written', async () => {
    const lead = await t.actorFor('省商务厅');
    await expect(submitReport(t.db, t.files, lead, report([{ name: `report${RLO}fdp.exe`, contentBase64: 'TVo=' }]))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('附件名“reportfdp.exe”含有看不见的文字方向控制字符'),
    });
    await expect(submitReport(t.db, t.files, lead, report([{ name: '纪要.pdf', contentBase64: '这不是文件内容' }]))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('附件“纪要.pdf”的内容不是有效的 base64 编码'),
    });
    expect(await t.db.selectFrom('progress_reports').select('id').execute()).toEqual([]);
    expect(stored()).toEqual([]);
  });
});
