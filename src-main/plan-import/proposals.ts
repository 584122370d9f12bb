import type { TaskProposal, UnitRef } from '../api/plan-import.types';
import type { UnitKind } from '../api/units.types';

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
  /** Cities make up the 各市 group. */
  kind?: UnitKind;
}

export interface UnitDirectory {
  /** The unit a name or alias stands for. */
  find(name: string): { id: number; name: string } | null;
  /** Whether the list has cities, so that 各市 / 各市人民政府 / 各设区市 names a set the office knows. */
  hasCities: boolean;
}

export function createUnitDirectory(units: UnitEntry[]): UnitDirectory {
  const byName = new Map<string, { id: number; name: string }>();
  for (const unit of units) {
    byName.set(unit.name, { id: unit.id, name: unit.name });
    for (const alias of unit.aliases) if (!byName.has(alias)) byName.set(alias, { id: unit.id, name: unit.name });
  }
  return { find: (name) => byName.get(name.trim()) ?? null, hasCities: units.some((unit) => unit.kind === 'city') };
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

const UNIT_SUFFIX = /(委员会|委|厅|局|办公室|办|部|院|会|中心|公司|集团|政府|市|县|区|署|处|行|所|团|馆|校|社|联|协|队|站|科|单位|部门)$/u;
/** The pieces a 各… group can run on with: `各区、县级市`, `各县、市、区`. */
const GROUP_PART = /^(?:县级市|县|市|区|旗|开发区|园区|乡镇|街道)(?:人民政府|政府|管委会)?$/u;
/** The prefecture cities as a set, as provincial documents name them. */
export const CITY_GROUP = /^各(?:设区)?市(?:人民政府|政府)?$/u;

interface ClauseRule {
  pattern: RegExp;
  read: (m: RegExpMatchArray) => { lead?: string; cooperating?: string; responsible?: string; guide?: string };
}

// A unit list: characters without sentence or clause punctuation (、 and 和 allowed), and whole bracket pairs inside a
// name (各县（市、区）人民政府).
const UNIT_CHAR = '(?:[^，,；;。：:（）()]|[（(][^（）()，,；;。]{1,12}[）)])';
const UNITS = `(${UNIT_CHAR}{2,80}?)`;
const LABELLED = '((?:[^；;。（）()]|[（(][^（）()；;。]{1,12}[）)])+?)';
// Where a labelled list ends: at clause punctuation or a bracket, but not at a bracket inside a name.
const LABELLED_END = '[；;。）)]|[（(](?![^（）()；;。]{1,12}[）)])|$';
const CLAUSES: ClauseRule[] = [
  { pattern: new RegExp(`牵头(?:单位|部门)[:：]\\s*${LABELLED}(?=${LABELLED_END}|[，,]?\\s*(?:配合|参与|协办)(?:单位|部门))`, 'u'), read: (m) => ({ lead: m[1] }) },
  { pattern: new RegExp(`(?:配合|参与|协办)(?:单位|部门)[:：]\\s*${LABELLED}(?=${LABELLED_END})`, 'u'), read: (m) => ({ cooperating: m[1] }) },
  { pattern: new RegExp(`(?:责任|主责)(?:单位|部门)[:：]\\s*${LABELLED}(?=${LABELLED_END})`, 'u'), read: (m) => ({ responsible: m[1] }) },
  { pattern: new RegExp(`(?:^|[，,；;（(])由?${UNITS}(?:牵头|负总责|负责)(?:负责|落实)?`, 'u'), read: (m) => ({ lead: m[1] }) },
  { pattern: new RegExp(`(?:^|[，,；;（(])${UNITS}(?:配合|参与|协同|协助)(?!单位|部门)`, 'u'), read: (m) => ({ cooperating: m[1] }) },
  // （省教育厅指导）: the guiding unit leads unless another unit is named as lead.
  { pattern: new RegExp(`(?:^|[，,；;（(])${UNITS}指导(?=[）)，,；;。]|$)`, 'u'), read: (m) => ({ guide: m[1] }) },
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

  const guides: UnitRef[] = [];
  for (const clause of CLAUSES) {
    const m = rest.match(clause.pattern);
    if (!m) continue;
    const found = clause.read(m);
    const listText = found.lead ?? found.cooperating ?? found.responsible ?? found.guide ?? '';
    const list = readUnitList(listText, units);
    if (!list) continue;
    if (found.lead !== undefined) lead.push(...list);
    else if (found.cooperating !== undefined) cooperating.push(...list);
    else if (found.guide !== undefined) guides.push(...list);
    else {
      // 责任单位: the first listed leads (列第一位的为牵头单位), as such lists are written.
      lead.push(...list.slice(0, 1));
      cooperating.push(...list.slice(1));
    }
    phrases.push(m[0].replace(/^[，,；;（(]/u, ''));
    rest = rest.replace(m[0], m[0].startsWith('（') || m[0].startsWith('(') ? '（' : '，');
  }
  if (lead.length === 0) lead.push(...guides);
  else cooperating.unshift(...guides);

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
 * otherwise this is not a list of units (`要密切配合` is not one) and null is returned. 和/与/及 split a list only
 * between two names (省商务厅和太原市), never inside one (省工业和信息化厅, 市人力资源和社会保障局); brackets inside a
 * name stay with it (各县（市、区）人民政府); a 各… group stays one name (各区、县级市), and 各市人民政府 names the cities.
 */
export function readUnitList(text: string, units: UnitDirectory): UnitRef[] | null {
  const cleaned = text
    .trim()
    .replace(/^由/u, '')
    .replace(/(?:等(?:有关)?(?:单位|部门)?|按职责分工|按职责|分别|共同|负责)$/u, '');
  const pieces = joinGroups(splitTopLevel(cleaned));
  if (pieces.length === 0) return null;
  const refs: UnitRef[] = [];
  for (const piece of pieces) {
    const read = readOneName(piece, units) ?? splitConjoined(piece, units);
    if (!read) return null;
    refs.push(...read);
  }
  return refs;
}

/** Splits at 、，,/ outside brackets. */
function splitTopLevel(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,/]/u.test(ch)) {
      pieces.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  pieces.push(current.trim());
  return pieces.filter(Boolean);
}

/** `各区`, `县级市` → `各区、县级市`: the parts after a 各… piece that name only a kind of place belong to it. */
function joinGroups(pieces: string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (last !== undefined && last.startsWith('各') && GROUP_PART.test(piece)) out[out.length - 1] = `${last}、${piece}`;
    else out.push(piece);
  }
  return out;
}

function readOneName(piece: string, units: UnitDirectory): UnitRef[] | null {
  const known = units.find(piece);
  if (known) return [{ unitId: known.id, name: known.name }];
  if (CITY_GROUP.test(piece) && units.hasCities) return [{ unitId: null, name: piece, group: 'city' }];
  if (/^各/u.test(piece) && piece.length <= 30 && UNIT_SUFFIX.test(piece)) return [{ unitId: null, name: piece }];
  if (UNIT_SUFFIX.test(piece) && piece.length <= 20 && !/[和与及]/u.test(piece)) return [{ unitId: null, name: piece }];
  return null;
}

/**
 * A piece holding 和/与/及: a known name as a whole (省文化和旅游厅), else split where both sides are names
 * (省商务厅和太原市), else one name that is not in the list (市人力资源和社会保障局).
 */
function splitConjoined(piece: string, units: UnitDirectory): UnitRef[] | null {
  for (const match of piece.matchAll(/以及|[和与及]/gu)) {
    const left = piece.slice(0, match.index);
    const right = piece.slice(match.index + match[0].length);
    const leftRead = readOneName(left, units);
    if (!leftRead || !(units.find(left) || UNIT_SUFFIX.test(left))) continue;
    const rightRead = readOneName(right, units) ?? splitConjoined(right, units);
    if (rightRead) return [...leftRead, ...rightRead];
  }
  if (UNIT_SUFFIX.test(piece) && piece.length <= 20 && /[^和与及]{2,}$/u.test(piece)) return [{ unitId: null, name: piece }];
  return null;
}

/** Puts what a measure's own responsibility sentences say under each of its tasks that says nothing itself. */
export function proposalFor(own: Responsibility | null, measureLevel: Responsibility | null): TaskProposal | null {
  const leadList = own?.lead.length ? own.lead : (measureLevel?.lead ?? []);
  const cooperatingList = own?.lead.length || own?.cooperating.length ? (own?.cooperating ?? []) : (measureLevel?.cooperating ?? []);
  const deadline = own?.deadline ?? measureLevel?.deadline ?? null;
  // A task has exactly one lead unit: further units named as leads cooperate, and so does a set of units (各市).
  const [leadUnit = null, ...moreLeads] = leadList.filter((unit) => !unit.group);
  const groups = leadList.filter((unit) => unit.group);
  const cooperatingUnits = dedupe([...moreLeads, ...groups, ...cooperatingList]).filter((u) => !leadUnit || u.name !== leadUnit.name);
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

/**
 * A 完成时限 cell of a 分工表: `2025年底前`, `2024年12月`, `2025年6月30日前`, `2025年`, `2025-06-30`. Null for words that
 * name no date (长期坚持, 持续推进): the cell's text stays in the proposal's source for the office to see.
 */
export function readDeadlineCell(text: string): string | null {
  const cell = text.replace(/\s/gu, '');
  let latest: string | null = null;
  for (const rule of DEADLINES) {
    for (const m of cell.matchAll(new RegExp(rule.pattern.source, 'gu'))) {
      const date = rule.date(m);
      if (date && (latest === null || date > latest)) latest = date;
    }
  }
  if (latest) return latest;
  const iso = cell.match(/(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/u);
  if (iso) return isoDate(+iso[1]!, +iso[2]!, +iso[3]!);
  const month = cell.match(/(\d{4})年(\d{1,2})月/u) ?? cell.match(/^(\d{4})[-/.](\d{1,2})$/u);
  if (month) return endOfMonth(+month[1]!, +month[2]!);
  const year = cell.match(/^(\d{4})年?(?:底|末|内)?(?:前|之前)?$/u);
  return year ? endOfMonth(+year[1]!, 12) : null;
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
