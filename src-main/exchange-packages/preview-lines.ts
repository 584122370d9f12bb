import type { PackagePreviewLine } from '../api/exchange-packages.types';

export function countLines(lines: readonly PackagePreviewLine[]): Record<PackagePreviewLine['action'], number> {
  const counts: Record<PackagePreviewLine['action'], number> = { new: 0, unchanged: 0, update: 0, conflict: 0, blocked: 0 };
  for (const line of lines) counts[line.action] += 1;
  return counts;
}
