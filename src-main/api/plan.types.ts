/** Shapes the plan channels return. Domain words: chapter 章, section 节, measure 措施, task 任务. */

export type PlanNodeKind = 'plan' | 'chapter' | 'section' | 'measure' | 'task';

/** The five regions the plan's chapters address; 保障措施 is the supervision chapter. */
export type Region = '京津冀' | '长三角' | '大湾区' | '毗邻区' | '保障措施';

export interface PlanSummary {
  id: number;
  code: string;
  title: string;
  issuedOn: string | null;
  periodStart: number;
  periodEnd: number;
  chapterCount: number;
  measureCount: number;
  taskCount: number;
}

export interface PlanTreeNode {
  kind: PlanNodeKind;
  id: number;
  /** Stable code such as `3.1.1.2`; the plan root has the plan's code. */
  code: string;
  /** What the tree shows: `第三章 深度融入京津冀，实现联动发展`, `3.1.1 建设京津冀清洁能源供应基地`. */
  label: string;
  measureCount: number;
  taskCount: number;
  children: PlanTreeNode[];
}

export interface PlanNodeDetail {
  kind: PlanNodeKind;
  id: number;
  code: string;
  /** Breadcrumb from the plan down to this node, e.g. ['第三章 …', '第一节 …']. */
  path: string[];
  title: string;
  /** The full text of the node as the plan states it. */
  text: string;
  region: Region | null;
  measureCount: number;
  taskCount: number;
}

export interface Indicator {
  id: number;
  name: string;
  unit: string | null;
  baselineYear: number | null;
  baselineValue: number | null;
  targetYear: number | null;
  targetValue: number | null;
  targetText: string | null;
  direction: 'higher' | 'lower' | null;
  sourceText: string;
  note: string;
}
