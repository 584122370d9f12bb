import { describe, expect, it } from 'vitest';
import type { PreviewNode } from './plan-import.types';
import { applyEdit, countPreview, numberPreview, PreviewEditError } from './plan-import.edits';
import { outline } from '../plan-import/testing/outline';

let seq = 0;
const n = (level: PreviewNode['level'], title: string, children: PreviewNode[] = [], extra: Partial<PreviewNode> = {}): PreviewNode => ({
  key: `n${++seq}`,
  level,
  heading: '',
  title,
  body: level === 'measure' ? `${title}。${children.map((c) => c.title).join('')}` : '',
  hasTasks: level === 'chapter',
  region: null,
  proposal: null,
  children,
  ...extra,
});

/** 一、重点任务 → （一）产业 → 加快转移 (two tasks), 承接园区 (one task); （二）交通 → 航线 (one task). */
function sample(): PreviewNode[] {
  seq = 0;
  return [
    n('chapter', '重点任务', [
      n('section', '产业', [n('measure', '加快转移', [n('task', '甲。'), n('task', '乙。')]), n('measure', '承接园区', [n('task', '丙。')])]),
      n('section', '交通', [n('measure', '航线', [n('task', '丁。', [], { proposal: { leadUnit: { unitId: 1, name: '省交通运输厅' }, cooperatingUnits: [], deadline: '2025-12-31', source: '' } })])]),
    ]),
  ];
}
const keyOf = (tree: PreviewNode[], title: string): string => {
  const find = (nodes: PreviewNode[]): PreviewNode | undefined => nodes.flatMap((node) => (node.title === title ? [node] : [find(node.children)].filter(Boolean) as PreviewNode[]))[0];
  const found = find(tree);
  if (!found) throw new Error(`no ${title}`);
  return found.key;
};

describe('preview edits', () => {
  it('demote: a measure becomes the last task of the measure before it, its tasks folded into its text', () => {
    const tree = sample();
    const after = applyEdit(tree, { op: 'demote', key: keyOf(tree, '承接园区') });
    expect(outline(after)).toEqual(['重点任务', '  产业', '    加快转移', '      甲。', '      乙。', '      承接园区。丙。', '  交通', '    航线', '      丁。 | 牵头 省交通运输厅 | 时限 2025-12-31']);
    // The input is left as it was (the preview keeps it for undo).
    expect(outline(tree)).toContain('    承接园区');
  });

  it('promote: a measure becomes a section, taking the measures after it; a task becomes a measure', () => {
    const tree = sample();
    const promoted = applyEdit(tree, { op: 'promote', key: keyOf(tree, '加快转移') });
    expect(outline(promoted)).toEqual(['重点任务', '  产业', '  加快转移', '    甲', '    乙', '    承接园区', '      丙。', '  交通', '    航线', '      丁。 | 牵头 省交通运输厅 | 时限 2025-12-31']);
    const taskUp = applyEdit(tree, { op: 'promote', key: keyOf(tree, '甲。') });
    expect(outline(taskUp).slice(0, 6)).toEqual(['重点任务', '  产业', '    加快转移', '    甲', '      乙。', '    承接园区']);
  });

  it('promote and demote refuse at the ends of the hierarchy and with no item before', () => {
    const tree = sample();
    expect(() => applyEdit(tree, { op: 'promote', key: keyOf(tree, '重点任务') })).toThrow(PreviewEditError);
    expect(() => applyEdit(tree, { op: 'demote', key: keyOf(tree, '甲。') })).toThrow(/任务已是最低一级/u);
    expect(() => applyEdit(tree, { op: 'demote', key: keyOf(tree, '产业') })).toThrow(/前面没有同级条目/u);
  });

  it('a chapter demoted keeps its subtree one level down, under the chapter before it', () => {
    seq = 100;
    const tree = [...sample(), n('chapter', '保障措施', [n('section', '组织', [n('measure', '专班', [n('task', '戊。')])])])];
    const after = applyEdit(tree, { op: 'demote', key: keyOf(tree, '保障措施') });
    expect(outline(after).slice(-4)).toEqual(['      丁。 | 牵头 省交通运输厅 | 时限 2025-12-31', '  保障措施', '    组织', '      专班。戊。']);
    expect(countPreview(after)).toMatchObject({ chapters: 1, sections: 3 });
  });

  it('merge joins a node into the one before it; split cuts a task\'s text or a node\'s children', () => {
    const tree = sample();
    const merged = applyEdit(tree, { op: 'merge', key: keyOf(tree, '乙。') });
    expect(outline(merged).slice(2, 5)).toEqual(['    加快转移', '      甲。乙。', '    承接园区']);
    const measures = applyEdit(tree, { op: 'merge', key: keyOf(tree, '承接园区') });
    expect(outline(measures).slice(2, 6)).toEqual(['    加快转移', '      甲。', '      乙。', '      丙。']);
    expect(() => applyEdit(tree, { op: 'merge', key: keyOf(tree, '甲。') })).toThrow(/没有可合并的上一项/u);

    const cut = applyEdit(merged, { op: 'split', key: keyOf(merged, '甲。乙。'), at: 2 });
    expect(outline(cut).slice(2, 5)).toEqual(['    加快转移', '      甲。', '      乙。']);
    const halves = applyEdit(tree, { op: 'split', key: keyOf(tree, '加快转移'), at: 1 });
    expect(outline(halves).slice(2, 7)).toEqual(['    加快转移', '      甲。', '    加快转移（续）', '      乙。', '    承接园区']);
    expect(() => applyEdit(tree, { op: 'split', key: keyOf(tree, '甲。'), at: 0 })).toThrow(/光标/u);
    expect(() => applyEdit(tree, { op: 'split', key: keyOf(tree, '承接园区'), at: 1 })).toThrow(/至少要有两项/u);
  });

  it('drop removes a node with everything under it; rename changes its title', () => {
    const tree = sample();
    const dropped = applyEdit(tree, { op: 'drop', key: keyOf(tree, '产业') });
    expect(countPreview(dropped)).toEqual({ chapters: 1, sections: 1, measures: 1, tasks: 1, proposals: 1 });
    const renamed = applyEdit(tree, { op: 'rename', key: keyOf(tree, '产业'), title: '  产业协作 ' });
    expect(outline(renamed)[1]).toBe('  产业协作');
    expect(() => applyEdit(tree, { op: 'rename', key: keyOf(tree, '产业'), title: ' ' })).toThrow(/不能为空/u);
    expect(() => applyEdit(tree, { op: 'drop', key: 'n999' })).toThrow(/找不到/u);
  });

  it('new nodes get fresh keys, and codes follow the final order', () => {
    const tree = sample();
    const halves = applyEdit(tree, { op: 'split', key: keyOf(tree, '加快转移'), at: 1 });
    const keys = JSON.stringify(halves).match(/"key":"n\d+"/gu)!;
    expect(new Set(keys).size).toBe(keys.length);
    const codes = numberPreview(halves);
    expect(codes.get(keyOf(halves, '承接园区'))).toBe('1.1.3');
    expect(codes.get(keyOf(halves, '丁。'))).toBe('1.2.1.1');
  });
});
