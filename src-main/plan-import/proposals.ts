import type { TaskProposal, UnitRef } from '../api/plan-import.types';

/**
 * Reads who is to carry out a task and by when, as implementation plans write it: `由省发展改革委牵头，省商务厅配合`,
 * `（省商务厅牵头，太原市配合，2025年6月底前完成）`, `责任单位：省交通运输厅、省发展改革委` (the first listed leads),
 * `完成时限：2025年底前`. Units are matched against the unit list and its aliases (发改委 → 省发展改革委); a name that
 * is not in the list is kept as written so the office can add it. Pure.
 */

export interface UnitEntry {
  id: number;
  name: string;
  aliases: string[];
}

export interface UnitDirectory {
  /** The unit a name or alias stands for. */
  find(name: string): { id: number; name: string } | null;
}

export function createUnitDirectory(units: UnitEntry[]): UnitDirectory {
  const byName = new Map<string, { id: number; name: string }>();
  for (const unit of units) {
    byName.set(unit.name, { id: unit.id, name: unit.name });
    for (const alias of unit.aliases) if (!byName.has(alias)) byName.set(alias, { id: unit.id, name: unit.name });
  }
  return { find: (name) => byName.get(name.trim()) ?? null };
}

/** What one sentence says about responsibility. */
export interface Responsibility {
  lead: UnitRef[];
  cooperating: UnitRef[];
  deadline: string | null;
  /** The sentence says nothing else: it is not a task of its own. */
  onlyResponsibility: boolean;
  /** The phrases it was read from. */
  phrases: string[];
}

const UNIT_SUFFIX = /(委员会|委|厅|局|办公室|办|部|院|会|中心|公司|集团|政府|市|县|区|署|处|行|所|团|馆|校|社|联|协|队|站|科)$/u;
const LIST_SEPARATOR = /[、，,和及与/]|以及/u;

interface ClauseRule {
  pattern: RegExp;
  read: (m: RegExpMatchArray) => { lead?: string; cooperating?: string; responsible?: string };
}

// Unit lists are runs of characters without sentence or clause punctuation (、 and 和 allowed).
const UNITS = '([^，,；;。：:（）()]{2,80}?)';
const CLAUSES: ClauseRule[] = [
  { pattern: /牵头(?:单位|部门)[:：]\s*([^；;。（）()]+?)(?=[；;。（）()]|配合|$)/u, read: (m) => ({ lead: m[1] }) },
  { pattern: /(?:配合|参与)(?:单位|部门)[:：]\s*([^；;。（）()]+?)(?=[；;。（）()]|$)/u, read: (m) => ({ cooperating: m[1] }) },
  { pattern: /责任(?:单位|部门)[:：]\s*([^；;。（）()]+?)(?=[；;。（）()]|$)/u, read: (m) => ({ responsible: m[1] }) },
  { pattern: new RegExp(`(?:^|[，,；;（(])由?${UNITS}(?:牵头|负总责|负责)(?:负责)?`, 'u'), read: (m) => ({ lead: m[1] }) },
  { pattern: new RegExp(`(?:^|[，,；;（(])${UNITS}(?:配合|参与|协同|协助)(?!单位|部门)`, 'u'), read: (m) => ({ cooperating: m[1] }) },
];

const DEADLINES: { pattern: RegExp; date: (m: RegExpMatchArray) => string | null }[] = [
  { pattern: /(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)/u, date: (m) => isoDate(+m[1]!, +m[2]!, +m[3]!) },
  { pattern: /(\d{4})年(\d{1,2})月(?:底|末|份)?(?:前|之前|以前)/u, date: (m) => endOfMonth(+m[1]!, +m[2]!) },
  { pattern: /(\d{4})年上半年/u, date: (m) => endOfMonth(+m[1]!, 6) },
  { pattern: /(\d{4})年下半年/u, date: (m) => endOfMonth(+m[1]!, 12) },
  { pattern: /(\d{4})年第?([一二三四1-4])季度/u, date: (m) => endOfMonth(+m[1]!, 3 * quarterNumber(m[2]!)) },
  { pattern: /(\d{4})年(?:底|末)?(?:前|之前|以前)(?!三|两|半)/u, date: (m) => endOfMonth(+m[1]!, 12) },
  { pattern: /(\d{4})年(?:底|末|内)(?:完成|建成|实现|出台|启动)?/u, date: (m) => endOfMonth(+m[1]!, 12) },
  { pattern: /完成时限[:：]\s*(\d{4})年/u, date: (m) => endOfMonth(+m[1]!, 12) },
];

/** Reads lead and cooperating units and a deadline from one sentence (or one bracketed note). */
export function readResponsibility(sentence: string, units: UnitDirectory): Responsibility {
  const lead: UnitRef[] = [];
  const cooperating: UnitRef[] = [];
  const phrases: string[] = [];
  let rest = sentence;

  for (const clause of CLAUSES) {
    const m = rest.match(clause.pattern);
    if (!m) continue;
    const found = clause.read(m);
    const listText = found.lead ?? found.cooperating ?? found.responsible ?? '';
    const list = readUnitList(listText, units);
    if (!list) continue;
    if (found.lead !== undefined) lead.push(...list);
    else if (found.cooperating !== undefined) cooperating.push(...list);
    else {
      // 责任单位: the first listed leads (列第一位的为牵头单位), as such lists are written.
      lead.push(...list.slice(0, 1));
      cooperating.push(...list.slice(1));
    }
    phrases.push(m[0].replace(/^[，,；;（(]/u, ''));
    rest = rest.replace(m[0], m[0].startsWith('（') || m[0].startsWith('(') ? '（' : '，');
  }

  let deadline: string | null = null;
  for (const rule of DEADLINES) {
    for (const m of rest.matchAll(new RegExp(rule.pattern.source, 'gu'))) {
      const date = rule.date(m);
      if (!date) continue;
      if (deadline === null || date > deadline) deadline = date;
      phrases.push(m[0]);
      rest = rest.replace(m[0], '');
    }
  }

  const leftover = rest
    .replace(/完成时限|完成时间|时间节点|[:：]/gu, '')
    .replace(/(?:按职责分工)?(?:负责|落实|完成|推进|实施)/gu, '')
    .replace(/[\s，,；;。、（）()“”]/gu, '');
  const hasUnits = lead.length + cooperating.length > 0;
  return {
    lead,
    cooperating,
    deadline,
    onlyResponsibility: (hasUnits || deadline !== null) && leftover.length <= 1,
    phrases,
  };
}

/**
 * `省发展改革委、省商务厅和太原市` → three units. Every piece must be a known unit or look like a unit's name;
 * otherwise this is not a list of units (`要密切配合` is not one) and null is returned.
 */
export function readUnitList(text: string, units: UnitDirectory): UnitRef[] | null {
  const pieces = text
    .replace(/^由/u, '')
    .replace(/(?:等(?:有关)?(?:单位|部门)?|按职责分工|分别|共同|负责)$/u, '')
    .split(LIST_SEPARATOR)
    .map((piece) => piece.trim())
    .filter(Boolean);
  if (pieces.length === 0) return null;
  const refs: UnitRef[] = [];
  for (const piece of pieces) {
    const known = units.find(piece);
    if (known) refs.push({ unitId: known.id, name: known.name });
    else if (/^各/u.test(piece) || (UNIT_SUFFIX.test(piece) && piece.length <= 20)) refs.push({ unitId: null, name: piece });
    else return null;
  }
  return refs;
}

/** Puts what a measure's own responsibility sentences say under each of its tasks that says nothing itself. */
export function proposalFor(own: Responsibility | null, measureLevel: Responsibility | null): TaskProposal | null {
  const leadList = own?.lead.length ? own.lead : (measureLevel?.lead ?? []);
  const cooperatingList = own?.lead.length || own?.cooperating.length ? (own?.cooperating ?? []) : (measureLevel?.cooperating ?? []);
  const deadline = own?.deadline ?? measureLevel?.deadline ?? null;
  // A task has exactly one lead unit: further units named as leads cooperate.
  const [leadUnit = null, ...moreLeads] = leadList;
  const cooperatingUnits = dedupe([...moreLeads, ...cooperatingList]).filter((u) => !leadUnit || u.name !== leadUnit.name);
  if (!leadUnit && cooperatingUnits.length === 0 && !deadline) return null;
  const source = [...(measureLevel?.phrases ?? []), ...(own?.phrases ?? [])].join('；');
  return { leadUnit, cooperatingUnits, deadline, source };
}

function dedupe(units: UnitRef[]): UnitRef[] {
  const seen = new Set<string>();
  return units.filter((u) => (seen.has(u.name) ? false : (seen.add(u.name), true)));
}

export function mergeResponsibilities(list: Responsibility[]): Responsibility | null {
  if (list.length === 0) return null;
  const deadlines = list.map((r) => r.deadline).filter((d): d is string => d !== null).sort();
  return {
    lead: list.flatMap((r) => r.lead),
    cooperating: list.flatMap((r) => r.cooperating),
    deadline: deadlines.at(-1) ?? null,
    onlyResponsibility: true,
    phrases: list.flatMap((r) => r.phrases),
  };
}

function quarterNumber(text: string): number {
  const chinese = '一二三四'.indexOf(text);
  return chinese >= 0 ? chinese + 1 : Number(text);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function endOfMonth(year: number, month: number): string | null {
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}
