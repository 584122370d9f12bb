import type { PreviewNode } from '../../api/plan-import.types';

/**
 * A preview tree as indented lines, to pin in tests: headings with their numbers, `[背景]` on chapters that hold
 * no tasks, and for tasks the proposed lead unit (牵头), cooperating units (配合) and deadline (时限).
 */
export function outline(chapters: PreviewNode[]): string[] {
  const lines: string[] = [];
  const walk = (nodes: PreviewNode[], depth: number) => {
    for (const node of nodes) {
      let line = `${'  '.repeat(depth)}${[node.heading, node.title].filter(Boolean).join(' ')}`;
      if (node.level === 'chapter' && !node.hasTasks) line += ' [背景]';
      const p = node.proposal;
      if (p) {
        if (p.leadUnit) line += ` | 牵头 ${p.leadUnit.name}${p.leadUnit.unitId === null ? '?' : ''}`;
        if (p.cooperatingUnits.length) line += ` | 配合 ${p.cooperatingUnits.map((u) => `${u.name}${u.group ? '[全部设区市]' : u.unitId === null ? '?' : ''}`).join('、')}`;
        if (p.deadline) line += ` | 时限 ${p.deadline}`;
      }
      lines.push(line);
      walk(node.children, depth + 1);
    }
  };
  walk(chapters, 0);
  return lines;
}

/** The tree's structure and text only: what must come out the same whatever the file format. */
export function shape(chapters: PreviewNode[]): unknown {
  return chapters.map((c) => ({
    chapter: `${c.heading} ${c.title}`,
    intro: c.body,
    hasTasks: c.hasTasks,
    sections: c.children.map((s) => ({
      section: `${s.heading} ${s.title}`,
      intro: s.body,
      measures: s.children.map((m) => ({ measure: m.title, text: m.body, tasks: m.children.map((t) => t.title) })),
    })),
  }));
}
