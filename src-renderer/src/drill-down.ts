import { REGIONS, TASK_STATUSES, WARNING_LIGHTS, type TaskStatus, type WarningLight } from '../../src-main/api/tasks.types';
import type { ChannelInput } from '../../src-main/api/contract';

/**
 * Links from a chart to the list behind it, carried in the URL query (e.g. `#/plan/tasks?light=red&region=长三角`),
 * and reading them back on the list's side. Values that are not understood are dropped, never guessed.
 */

type TaskFilter = ChannelInput<'tasks.list'>;

export interface TaskLink {
  lights?: WarningLight[];
  statuses?: TaskStatus[];
  region?: string;
  chapterId?: number;
  unitId?: number;
  unitRole?: 'lead' | 'cooperating' | 'any';
}

export function taskListLink(link: TaskLink): string {
  const params = new URLSearchParams();
  if (link.lights?.length) params.set('light', link.lights.join(','));
  if (link.statuses?.length) params.set('status', link.statuses.join(','));
  if (link.region) params.set('region', link.region);
  if (link.chapterId !== undefined) params.set('chapterId', String(link.chapterId));
  if (link.unitId !== undefined) params.set('unitId', String(link.unitId));
  if (link.unitRole) params.set('unitRole', link.unitRole);
  const query = params.toString();
  return `/plan/tasks${query ? `?${query}` : ''}`;
}

export function myTasksLink(unitId: number, role: 'lead' | 'cooperating'): string {
  return `/my-tasks?unitId=${unitId}${role === 'cooperating' ? '&role=cooperating' : ''}`;
}

export function positiveId(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/u.test(value)) return undefined;
  const id = Number(value);
  return id > 0 ? id : undefined;
}

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] | undefined {
  const items = (value ?? '').split(',').filter((item): item is T => (allowed as readonly string[]).includes(item));
  return items.length ? [...new Set(items)] : undefined;
}

/** The task filter a link asked for (任务分解 reads it once, when it opens). */
export function taskFilterFromQuery(params: URLSearchParams): TaskFilter {
  const filter: TaskFilter = {};
  const lights = listOf(params.get('light'), WARNING_LIGHTS);
  if (lights) filter.lights = lights;
  const statuses = listOf(params.get('status'), TASK_STATUSES);
  if (statuses) filter.statuses = statuses;
  const region = params.get('region');
  const knownRegion = REGIONS.find((r) => r === region);
  if (knownRegion) filter.region = knownRegion;
  const chapterId = positiveId(params.get('chapterId'));
  if (chapterId !== undefined) filter.chapterId = chapterId;
  const unitId = positiveId(params.get('unitId'));
  if (unitId !== undefined) {
    filter.unitId = unitId;
    const role = params.get('unitRole');
    if (role === 'lead' || role === 'cooperating' || role === 'any') filter.unitRole = role;
  }
  return filter;
}
