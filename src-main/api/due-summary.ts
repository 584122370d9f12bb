import type { TodoList } from './todo.types';

/**
 * 临期提醒: how many of a person's 待办 are overdue and how many fall due within the warning window (the ones with a
 * date that are not overdue yet), and the sentence that says so. One rule for the banner in the page (browser mode
 * and desktop) and the desktop's system notification, so both count the same items.
 */
export interface DueSummary {
  overdue: number;
  dueSoon: number;
}

export function dueSummary(todo: Pick<TodoList, 'items'>): DueSummary {
  const overdue = todo.items.filter((item) => item.overdue).length;
  const dueSoon = todo.items.filter((item) => !item.overdue && item.due !== null).length;
  return { overdue, dueSoon };
}

/** "2 项已逾期，1 项临近期限", or null when nothing is due. */
export function dueSummaryText({ overdue, dueSoon }: DueSummary): string | null {
  const parts = [overdue > 0 ? `${overdue} 项已逾期` : '', dueSoon > 0 ? `${dueSoon} 项临近期限` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join('，') : null;
}
