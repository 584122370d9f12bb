/**
 * The 调度情况通报 as the office edits it before saving: every paragraph of the draft, each with its place in the
 * 公文 layout (which font and alignment it prints in). The text is the office's to change, paragraph by paragraph.
 */
export const CIRCULAR_BLOCK_ROLES = ['docNumber', 'title', 'salutation', 'heading', 'subheading', 'body', 'signature', 'date'] as const;
export type CircularBlockRole = (typeof CIRCULAR_BLOCK_ROLES)[number];

/** What each place is called on the editing screen. */
export const CIRCULAR_BLOCK_LABELS: Record<CircularBlockRole, string> = {
  docNumber: '发文字号',
  title: '标题',
  salutation: '主送单位',
  heading: '一级标题',
  subheading: '二级标题',
  body: '正文',
  signature: '落款',
  date: '成文日期',
};

export interface CircularBlock {
  role: CircularBlockRole;
  text: string;
}

export interface CircularDraft {
  fileName: string;
  blocks: CircularBlock[];
}
