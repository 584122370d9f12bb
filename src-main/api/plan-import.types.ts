import type { Region } from './plan.types';

/**
 * 导入规划: what the preview of an imported document looks like, as the office sees and corrects it before
 * anything is saved. Chapter 章, section 节, measure 措施, task 任务.
 */

export type PreviewLevel = 'chapter' | 'section' | 'measure' | 'task';

/** A unit named in the document: matched against the unit list and its aliases, or kept as written. */
export interface UnitRef {
  /** null when the name is not in the unit list. */
  unitId: number | null;
  name: string;
  /** 各市 / 各市人民政府 / 各设区市: every city in the unit list (as cooperating units when saved). */
  group?: 'city';
  /** A name not in the list that the office chose to add as a new unit of this kind; created when the import is saved. */
  create?: NewUnitKind;
}

/** The kinds of unit the office may add from the preview (the coordinating office exists once). */
export type NewUnitKind = 'department' | 'city' | 'investment_office';

/** Lead unit (牵头), cooperating units (配合) and deadline (完成时限) as the document states them for a task. */
export interface TaskProposal {
  leadUnit: UnitRef | null;
  cooperatingUnits: UnitRef[];
  /** YYYY-MM-DD */
  deadline: string | null;
  /** The words they were read from. */
  source: string;
}

export interface PreviewNode {
  /** Stable within one preview (survives edits); not a plan code. */
  key: string;
  level: PreviewLevel;
  /** The document's own number for a chapter or section (`第三章`, `二、`, `（一）`); '' where it has none. */
  heading: string;
  /** Chapter, section or measure title; for a task, its text. */
  title: string;
  /** Chapter or section: its introduction; measure: the paragraph as the plan states it; task: ''. */
  body: string;
  /** Chapters only: false for background chapters (规划背景, 总体要求…) that hold no tasks. */
  hasTasks: boolean;
  region: Region | null;
  /** Tasks only. */
  proposal: TaskProposal | null;
  children: PreviewNode[];
}

export interface PreviewIndicator {
  name: string;
  unit: string | null;
  baselineYear: number | null;
  baselineValue: number | null;
  targetYear: number;
  targetValue: number | null;
  targetText: string | null;
  direction: 'higher' | 'lower' | null;
  sourceText: string;
  note: string;
}

export interface ImportSource {
  fileName: string;
  format: 'txt' | 'docx' | 'xlsx';
  /** For text files: the encoding it was read in. */
  encoding: string | null;
  byteSize: number;
  sha256: string;
}

export interface ImportPreview {
  source: ImportSource;
  title: string;
  issuedOn: string | null;
  /** null when the document does not state its period: the preview asks for it. */
  periodStart: number | null;
  periodEnd: number | null;
  outlookYear: number | null;
  preface: string;
  indicatorNotes: string;
  indicators: PreviewIndicator[];
  /** How the document's numbering was read: `章：“一、”`. */
  levels: string[];
  warnings: string[];
  /** The same file (by content) imported before. */
  previousImport: { planTitle: string; importedAt: string } | null;
  chapters: PreviewNode[];
  /** 未导入的文字: every piece of the document's text that is in no node of the tree, with the reason. */
  leftovers: LeftoverText[];
  /** When the document is a 分工表 (a Word table or an Excel 台账): its columns and how they were read. */
  table: ImportTable | null;
}

export interface LeftoverText {
  /** Stable within one preview. */
  key: string;
  text: string;
  /** Why it is not in the tree: 网页杂项、落款、附件、重复的内容… */
  reason: string;
}

/** What a column of a 分工表 holds. */
export type ColumnRole = 'chapter' | 'measure' | 'task' | 'lead' | 'cooperating' | 'deadline';

/** Column index (0-based, in `ImportTable.headers`) for each role; null when no column holds it. */
export type ColumnMapping = Record<ColumnRole, number | null>;

export interface ImportTable {
  /** Where the table is: `工作表“台账”`, `文档中的表格`. */
  origin: string;
  headers: string[];
  /** As guessed from the headers, or as the office set it. */
  columns: ColumnMapping;
  /** Rows of tasks read. */
  rows: number;
}

export interface PreviewCounts {
  chapters: number;
  sections: number;
  measures: number;
  tasks: number;
  /** Tasks with a proposed lead unit, cooperating unit or deadline. */
  proposals: number;
}

export interface ImportSaveResult {
  planId: number;
  code: string;
  counts: PreviewCounts;
  /** Tasks whose proposed units or deadline were written as their assignment. */
  assignedTasks: number;
}
