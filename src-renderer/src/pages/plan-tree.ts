import type { PlanTreeNode } from '../../../src-main/api/plan.types';

/** Pure helpers for the plan tree on the 规划任务 page. */

export function nodeKey(node: Pick<PlanTreeNode, 'kind' | 'id'>): string {
  return `${node.kind}:${node.id}`;
}

export function findNode(root: PlanTreeNode, key: string): PlanTreeNode | null {
  if (nodeKey(root) === key) return root;
  for (const child of root.children) {
    const found = findNode(child, key);
    if (found) return found;
  }
  return null;
}

/**
 * Keeps the nodes whose label contains the text, with the path down to them. A matching node keeps all that
 * is under it (a matching measure still shows its tasks).
 */
export function filterPlanTree(root: PlanTreeNode, text: string): PlanTreeNode {
  if (!text) return root;
  const keep = (node: PlanTreeNode): PlanTreeNode | null => {
    if (node.label.includes(text)) return node;
    const children = node.children.map(keep).filter((child): child is PlanTreeNode => child !== null);
    return children.length > 0 ? { ...node, children } : null;
  };
  return { ...root, children: root.children.map(keep).filter((child): child is PlanTreeNode => child !== null) };
}
