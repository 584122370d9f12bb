import type { NewUnitKind, PreviewCounts, PreviewLevel, PreviewNode, TaskProposal, UnitRef } from './plan-import.types';

/**
 * The corrections the office makes to a recognised plan before saving it: promote or demote a node (with what is
 * under it, as in an outline), merge it into the item before it, split it, drop it, rename it. Pure: each edit
 * returns a new tree and leaves the old one as it was (the preview keeps them for undo). The renderer runs these
 * locally; the main side only validates and saves the final tree.
 */

export type PreviewEdit =
  | { op: 'promote'; key: string }
  | { op: 'demote'; key: string }
  | { op: 'merge'; key: string }
  /** A task is split at a character offset in its text; any other node at a child index (the rest go to a new sibling). */
  | { op: 'split'; key: string; at: number }
  | { op: 'drop'; key: string }
  | { op: 'rename'; key: string; title: string }
  /** Lead unit, cooperating units and deadline of a task, or of every task of a measure at once; null clears them. */
  | { op: 'setProposal'; key: string; proposal: TaskProposal | null }
  /** A name not in the unit list, everywhere it appears: an existing unit, or a new unit of this kind created on save. */
  | { op: 'resolveUnit'; name: string; to: { unitId: number; name: string } | { create: NewUnitKind } }
  /** A chapter's or section's introduction becomes tasks, one per sentence, in a measure of their own. */
  | { op: 'introToTasks'; key: string }
  /** Text from 未导入的文字 pulled into the tree: after a task, into a measure as tasks, or into an introduction. */
  | { op: 'adopt'; key: string; text: string };

export class PreviewEditError extends Error {
  override readonly name = 'PreviewEditError';
}

export const LEVELS: PreviewLevel[] = ['chapter', 'section', 'measure', 'task'];
export const LEVEL_NAMES: Record<PreviewLevel, string> = { chapter: '章', section: '节', measure: '措施', task: '任务' };
export const IMPLIED_TITLES: Record<PreviewLevel, string> = { chapter: '（未命名章）', section: '（未分节）', measure: '（未命名措施）', task: '' };

export function applyEdit(chapters: PreviewNode[], edit: PreviewEdit): PreviewNode[] {
  const tree = structuredClone(chapters);
  switch (edit.op) {
    case 'promote':
      return shift(tree, edit.key, -1);
    case 'demote':
      return shift(tree, edit.key, +1);
    case 'merge':
      return merge(tree, edit.key);
    case 'split':
      return split(tree, edit.key, edit.at);
    case 'drop': {
      const { siblings, index } = locate(tree, edit.key);
      siblings.splice(index, 1);
      return tree;
    }
    case 'setProposal': {
      const { node } = locate(tree, edit.key);
      if (node.level !== 'task' && node.level !== 'measure') throw new PreviewEditError('牵头、配合单位和完成时限只能按任务或整项措施设置。');
      for (const task of node.level === 'task' ? [node] : node.children) task.proposal = edit.proposal && structuredClone(edit.proposal);
      return tree;
    }
    case 'resolveUnit':
      return resolveUnit(tree, edit.name, edit.to);
    case 'introToTasks':
      return introToTasks(tree, edit.key);
    case 'adopt':
      return adopt(tree, edit.key, edit.text);
    case 'rename': {
      const title = edit.title.trim();
      if (!title) throw new PreviewEditError('名称不能为空。');
      const { node } = locate(tree, edit.key);
      node.title = title;
      return tree;
    }
  }
}

interface Located {
  node: PreviewNode;
  siblings: PreviewNode[];
  index: number;
  parent: PreviewNode | null;
}

function locate(chapters: PreviewNode[], key: string): Located {
  const search = (siblings: PreviewNode[], parent: PreviewNode | null): Located | null => {
    for (const [index, node] of siblings.entries()) {
      if (node.key === key) return { node, siblings, index, parent };
      const found = search(node.children, node);
      if (found) return found;
    }
    return null;
  };
  const found = search(chapters, null);
  if (!found) throw new PreviewEditError('找不到所选的条目，可能已被删除。');
  return found;
}

interface Entry {
  node: PreviewNode;
  depth: number;
}

/**
 * Promote or demote as an outliner does: the node and everything under it move one level. Promoted, the items
 * after it at its old level become its children; demoted, it becomes the last child of the item before it.
 */
function shift(chapters: PreviewNode[], key: string, by: -1 | 1): PreviewNode[] {
  const entries = flatten(chapters);
  const index = entries.findIndex((e) => e.node.key === key);
  if (index < 0) throw new PreviewEditError('找不到所选的条目，可能已被删除。');
  const { node, depth } = entries[index]!;
  if (by < 0 && depth === 0) throw new PreviewEditError('章已是最高一级，不能再升级。');
  if (by > 0 && depth === 3) throw new PreviewEditError('任务已是最低一级，不能再降级；可与上一项合并。');
  if (by > 0) {
    const before = entries.slice(0, index).findLast((e) => e.depth <= depth);
    if (!before || before.depth < depth) {
      throw new PreviewEditError(`“${short(node.title)}”是所在${LEVEL_NAMES[LEVELS[depth - 1] ?? 'chapter']}的第一项，前面没有同级条目可作为它的上级，不能降级。`);
    }
  }
  let end = index + 1;
  while (end < entries.length && entries[end]!.depth > depth) end++;
  for (let i = index; i < end; i++) entries[i]!.depth += by;
  return rebuild(entries);
}

function flatten(chapters: PreviewNode[]): Entry[] {
  const out: Entry[] = [];
  const walk = (nodes: PreviewNode[], depth: number) => {
    for (const node of nodes) {
      out.push({ node, depth });
      walk(node.children, depth + 1);
    }
  };
  walk(chapters, 0);
  return out;
}

function rebuild(entries: Entry[]): PreviewNode[] {
  let nextKey = maxKey(entries.map((e) => e.node)) + 1;
  const chapters: PreviewNode[] = [];
  const open: (PreviewNode | null)[] = [null, null, null, null];
  for (const { node, depth } of entries) {
    if (depth >= 4) {
      // Below task level: the text joins the task it now sits under.
      const task = open[3];
      const text = textAsTask(node);
      if (task && !task.title.includes(text)) task.title = `${task.title}${text}`;
      continue;
    }
    const level = LEVELS[depth]!;
    const converted = convert({ ...node, children: [] }, level, node);
    for (let d = 0; d < depth; d++) {
      if (!open[d]) {
        open[d] = blank(`n${nextKey++}`, LEVELS[d]!);
        (d === 0 ? chapters : open[d - 1]!.children).push(open[d]!);
      }
    }
    (depth === 0 ? chapters : open[depth - 1]!.children).push(converted);
    open[depth] = converted;
    for (let d = depth + 1; d < 4; d++) open[d] = null;
  }
  return chapters;
}

function blank(key: string, level: PreviewLevel): PreviewNode {
  return { key, level, heading: '', title: IMPLIED_TITLES[level], body: '', hasTasks: true, region: null, proposal: null, children: [] };
}

/** A node's content at another level. Its number (`二、`) belonged to the old level and is dropped. */
function convert(node: PreviewNode, level: PreviewLevel, original: PreviewNode): PreviewNode {
  if (node.level === level) return node;
  const base = { ...node, level, heading: '', proposal: null as TaskProposal | null };
  switch (level) {
    case 'task':
      return { ...base, title: textAsTask(node), body: '', hasTasks: false, proposal: original.children.find((c) => c.proposal)?.proposal ?? null };
    case 'measure':
      return node.level === 'task'
        ? { ...base, title: node.title.replace(/[。；;，,]$/u, ''), body: node.title, hasTasks: false }
        : { ...base, body: [node.title, node.body].filter(Boolean).join('\n'), hasTasks: false };
    case 'section':
      return { ...base, body: node.level === 'measure' ? '' : node.body, hasTasks: false };
    case 'chapter':
      return { ...base, hasTasks: true, region: null };
  }
}

function textAsTask(node: PreviewNode): string {
  if (node.level === 'task') return node.title;
  if (node.level === 'measure') return node.body || `${node.title}。`;
  return /[。！？]$/u.test(node.title) ? node.title : `${node.title}。`;
}

function merge(chapters: PreviewNode[], key: string): PreviewNode[] {
  const { node, siblings, index } = locate(chapters, key);
  const previous = siblings[index - 1];
  if (!previous) throw new PreviewEditError(`“${short(node.title)}”是第一项，没有可合并的上一项。`);
  if (node.level === 'task') {
    previous.title = `${previous.title}${node.title}`;
    previous.proposal = mergeProposals(previous.proposal, node.proposal);
  } else {
    previous.body = [previous.body, node.body].filter(Boolean).join('\n');
    previous.children.push(...node.children);
  }
  siblings.splice(index, 1);
  return chapters;
}

function split(chapters: PreviewNode[], key: string, at: number): PreviewNode[] {
  const { node, siblings, index } = locate(chapters, key);
  const newKey = `n${maxKey(flatten(chapters).map((e) => e.node)) + 1}`;
  if (node.level === 'task') {
    const first = node.title.slice(0, at).trim();
    const second = node.title.slice(at).trim();
    if (!Number.isInteger(at) || !first || !second) throw new PreviewEditError('请把光标放在任务文字中间要拆开的位置。');
    node.title = first;
    siblings.splice(index + 1, 0, { ...structuredClone(node), key: newKey, title: second });
    return chapters;
  }
  if (!Number.isInteger(at) || at < 1 || at >= node.children.length) {
    throw new PreviewEditError(`“${short(node.title)}”至少要有两项下级条目，并从第二项或之后拆开。`);
  }
  const rest = node.children.splice(at);
  siblings.splice(index + 1, 0, { ...node, key: newKey, heading: '', title: `${node.title}（续）`, body: '', children: rest });
  return chapters;
}

function mergeProposals(a: TaskProposal | null, b: TaskProposal | null): TaskProposal | null {
  if (!a || !b) return a ?? b;
  const cooperating = [...a.cooperatingUnits, ...b.cooperatingUnits].filter(
    (unit, i, all) => all.findIndex((u) => u.name === unit.name) === i && unit.name !== (a.leadUnit ?? b.leadUnit)?.name,
  );
  const deadlines = [a.deadline, b.deadline].filter((d): d is string => d !== null).sort();
  return {
    leadUnit: a.leadUnit ?? b.leadUnit,
    cooperatingUnits: cooperating,
    deadline: deadlines.at(-1) ?? null,
    source: [a.source, b.source].filter(Boolean).join('；'),
  };
}

function resolveUnit(chapters: PreviewNode[], name: string, to: { unitId: number; name: string } | { create: NewUnitKind }): PreviewNode[] {
  const resolved: UnitRef = 'create' in to ? { unitId: null, name, create: to.create } : { unitId: to.unitId, name: to.name };
  let found = false;
  const swap = (unit: UnitRef): UnitRef => {
    if (unit.unitId !== null || unit.group || unit.name !== name) return unit;
    found = true;
    return { ...resolved };
  };
  for (const { node } of flatten(chapters)) {
    if (!node.proposal) continue;
    const lead = node.proposal.leadUnit ? swap(node.proposal.leadUnit) : null;
    const cooperating = node.proposal.cooperatingUnits.map(swap).filter((u, i, all) => all.findIndex((o) => o.name === u.name) === i && u.name !== lead?.name);
    node.proposal = { ...node.proposal, leadUnit: lead, cooperatingUnits: cooperating };
  }
  if (!found) throw new PreviewEditError(`预览中没有待处理的单位“${name}”。`);
  return chapters;
}

/** Sentences of a text, each ending with its mark (`。！？`); a last piece without one is kept. */
export function sentencesOf(text: string): string[] {
  return (text.match(/[^。！？]+[。！？]*/gu) ?? []).map((s) => s.trim()).filter(Boolean);
}

function introToTasks(chapters: PreviewNode[], key: string): PreviewNode[] {
  const { node } = locate(chapters, key);
  if (node.level !== 'chapter' && node.level !== 'section') throw new PreviewEditError('只有章或节的导语可以转为任务。');
  const sentences = sentencesOf(node.body.replace(/\n/gu, ''));
  if (sentences.length === 0) throw new PreviewEditError(`“${short(node.title)}”没有导语可转为任务。`);
  let next = maxKey(flatten(chapters).map((e) => e.node)) + 1;
  const make = (level: PreviewLevel, title: string, body = ''): PreviewNode => ({ key: `n${next++}`, level, heading: '', title, body, hasTasks: false, region: null, proposal: null, children: [] });
  const measure = make('measure', node.title, node.body);
  measure.children = sentences.map((sentence) => make('task', sentence));
  node.body = '';
  if (node.level === 'section') {
    node.children.unshift(measure);
  } else {
    node.hasTasks = true;
    const section = make('section', IMPLIED_TITLES.section);
    section.children = [measure];
    node.children.unshift(section);
  }
  return chapters;
}

function adopt(chapters: PreviewNode[], key: string, text: string): PreviewNode[] {
  const content = text.trim();
  if (!content) throw new PreviewEditError('没有可加入的文字。');
  const { node, siblings, index } = locate(chapters, key);
  let next = maxKey(flatten(chapters).map((e) => e.node)) + 1;
  const tasks = sentencesOf(content).map((sentence): PreviewNode => ({ key: `n${next++}`, level: 'task', heading: '', title: sentence, body: '', hasTasks: false, region: null, proposal: null, children: [] }));
  if (node.level === 'task') siblings.splice(index + 1, 0, ...tasks);
  else if (node.level === 'measure') node.children.push(...tasks);
  else node.body = [node.body, content].filter(Boolean).join('\n');
  return chapters;
}

/** Names in the proposals that are neither in the unit list nor resolved (mapped or to be created), with how many tasks name each. */
export function unresolvedUnits(chapters: PreviewNode[]): { name: string; tasks: number }[] {
  const counts = new Map<string, number>();
  for (const { node } of flatten(chapters)) {
    for (const unit of [node.proposal?.leadUnit, ...(node.proposal?.cooperatingUnits ?? [])]) {
      if (unit && unit.unitId === null && !unit.group && !unit.create) counts.set(unit.name, (counts.get(unit.name) ?? 0) + 1);
    }
  }
  return [...counts].map(([name, tasks]) => ({ name, tasks }));
}

function maxKey(nodes: PreviewNode[]): number {
  return nodes.reduce((max, node) => Math.max(max, Number(node.key.replace(/^n/u, '')) || 0), 0);
}

function short(text: string): string {
  return text.length > 16 ? `${text.slice(0, 16)}…` : text;
}

/** The codes the nodes will be saved under (`2.1.3.1`), by key. */
export function numberPreview(chapters: PreviewNode[]): Map<string, string> {
  const codes = new Map<string, string>();
  const walk = (nodes: PreviewNode[], prefix: string) => {
    nodes.forEach((node, i) => {
      const code = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      codes.set(node.key, code);
      walk(node.children, code);
    });
  };
  walk(chapters, '');
  return codes;
}

export function countPreview(chapters: PreviewNode[]): PreviewCounts {
  const sections = chapters.flatMap((c) => c.children);
  const measures = sections.flatMap((s) => s.children);
  const tasks = measures.flatMap((m) => m.children);
  return { chapters: chapters.length, sections: sections.length, measures: measures.length, tasks: tasks.length, proposals: tasks.filter((t) => t.proposal).length };
}
