/**
 * The server checks every call against the contract and says which field failed by its name in the contract
 * (字段“progress”), in zod's words (无效输入：期望 string，实际接收 undefined). A form knows what it calls each field:
 * this rewrites such a message with the form's own labels and in plain words, so the person reads
 * “本期进展情况”未填写, not a developer's note. Messages the services wrote themselves pass unchanged.
 */
export type FieldLabels = Readonly<Record<string, string>>;

const PLAIN_WORDS: [RegExp, string][] = [
  [/无效输入：期望 [^，；）]+，实际接收 (?:undefined|空值\(null\))/gu, '未填写'],
  [/无效输入：期望 [^，；）]+，实际接收 [^，；）]+/gu, '填写的内容格式不对'],
  [/无效选项：期望以下之一 [^；）]+/gu, '不是可选的值'],
  [/出现未知的键\(key\): [^；）]+/gu, '包含表单以外的内容'],
];

export function labelFieldsIn(message: string, labels: FieldLabels): string {
  let text = message.replace(/字段“([^”]+)”/gu, (whole, path: string) => {
    // milestones.0.title → the label of milestones.title, else of milestones; numbers count from 1 for people.
    const parts = path.split('.');
    const named = parts.filter((part) => !/^\d+$/u.test(part)).join('.');
    const label = labels[path] ?? labels[named] ?? labels[parts[0]!];
    if (!label) return whole;
    const index = parts.find((part) => /^\d+$/u.test(part));
    return index !== undefined ? `第 ${Number(index) + 1} 项“${label}”` : `“${label}”`;
  });
  for (const [pattern, words] of PLAIN_WORDS) text = text.replace(pattern, words);
  return text.replace('提交的数据不符合要求', '填写的内容有误');
}

/** The labels of the forms whose messages come back from the server, as each form shows them. */
export const REPORT_FIELD_LABELS: FieldLabels = {
  taskId: '任务',
  status: '完成状态',
  percent: '完成进度（%）',
  progress: '本期进展情况',
  problems: '存在问题',
  nextSteps: '下步打算',
  coordination: '需协调事项',
  attachments: '佐证材料',
};

export const NOTICE_FIELD_LABELS: FieldLabels = {
  taskIds: '督办任务',
  unitId: '督办单位',
  unitIds: '督办单位',
  level: '督办等级',
  reason: '督办事由',
  requirement: '督办要求',
  replyDue: '反馈期限',
  attachments: '附件',
  content: '反馈内容',
  comment: '审核意见',
};

export const ROUND_FIELD_LABELS: FieldLabels = {
  name: '调度名称',
  periodStart: '调度期（开始）',
  periodEnd: '调度期（结束）',
  dueDate: '报送截止日期',
  unitIds: '参加调度的单位',
  scope: '报送范围',
};

export const ASSIGN_FIELD_LABELS: FieldLabels = {
  taskIds: '所选任务',
  leadUnitId: '牵头单位',
  cooperatorUnitIds: '配合单位',
  addCooperatorUnitIds: '配合单位',
  startDate: '开始日期',
  deadline: '完成时限',
  standard: '完成标准',
  milestones: '阶段目标',
  'milestones.year': '阶段目标年份',
  'milestones.title': '阶段目标内容',
  'milestones.dueDate': '阶段目标时限',
};

/** Character counting as the server does it (code points: 𠮷 is one character, not two). */
export const countCharacters = { strategy: (text: string) => [...text].length };

/** A long text field's counter (现有/上限) and the rule that stops the form before the server would refuse it. */
export function charLimit(label: string, max: number) {
  return {
    count: { show: true, max, ...countCharacters },
    rule: {
      validator: (_: unknown, value: string | undefined) => {
        const n = countCharacters.strategy(value ?? '');
        return n > max ? Promise.reject(new Error(`“${label}”不能超过 ${max} 个字符（现有 ${n} 个）`)) : Promise.resolve();
      },
    },
  };
}
