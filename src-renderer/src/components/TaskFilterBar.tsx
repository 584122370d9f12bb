import { DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { REGIONS, TASK_STATUSES, TASK_LIGHTS } from '../../../src-main/api/tasks.types';
import { usePlanTree } from '../hooks/queries';
import { useAllUnits, type TaskFilterInput } from '../hooks/task.queries';
import { LIGHT_LABELS } from './WarningLight';

interface TaskFilterBarProps {
  planId: number | undefined;
  filter: TaskFilterInput;
  onChange: (filter: TaskFilterInput) => void;
  /** 我的任务 fixes the unit; 任务分解 lets the office filter by one. */
  showUnitFilter: boolean;
}

/** Filters by text, chapter, section, region, unit, status, warning and deadline range. */
export function TaskFilterBar({ planId, filter, onChange, showUnitFilter }: TaskFilterBarProps) {
  const tree = usePlanTree(planId);
  const units = useAllUnits();
  const chapters = (tree.data?.children ?? []).filter((c) => c.taskCount > 0);
  const sections = chapters.find((c) => c.id === filter.chapterId)?.children ?? [];
  const set = (patch: Partial<TaskFilterInput>) => onChange({ ...filter, ...patch });

  return (
    <Space wrap size={[8, 8]}>
      <Input.Search
        allowClear
        aria-label="搜索任务"
        placeholder="搜索任务或措施，如：高铁、清洁能源"
        defaultValue={filter.search}
        onSearch={(value) => set({ search: value.trim() || undefined })}
        style={{ width: 280 }}
      />
      {planId !== undefined && (
        <Select
          allowClear
          aria-label="按章筛选"
          placeholder="全部章"
          style={{ width: 220 }}
          value={filter.chapterId}
          options={chapters.map((c) => ({ value: c.id, label: c.label }))}
          onChange={(chapterId?: number) => set({ chapterId, sectionId: undefined })}
        />
      )}
      {sections.length > 0 && (
        <Select
          allowClear
          aria-label="按节筛选"
          placeholder="全部节"
          style={{ width: 220 }}
          value={filter.sectionId}
          options={sections.map((s) => ({ value: s.id, label: s.label }))}
          onChange={(sectionId?: number) => set({ sectionId })}
        />
      )}
      <Select
        allowClear
        aria-label="按区域筛选"
        placeholder="全部区域"
        style={{ width: 120 }}
        value={filter.region}
        options={REGIONS.map((r) => ({ value: r, label: r }))}
        onChange={(region?: (typeof REGIONS)[number]) => set({ region })}
      />
      {showUnitFilter && (
        <Space.Compact>
          <Select
            value={filter.unitRole ?? 'any'}
            aria-label="单位角色"
            style={{ width: 124 }}
            options={[
              { value: 'any', label: '牵头或配合' },
              { value: 'lead', label: '牵头' },
              { value: 'cooperating', label: '配合' },
            ]}
            onChange={(unitRole: 'any' | 'lead' | 'cooperating') => set({ unitRole })}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label="按单位筛选"
            placeholder="全部单位"
            style={{ width: 180 }}
            value={filter.unitId}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.retired ? `${u.name}（已撤销）` : u.name }))}
            onChange={(unitId?: number) => set({ unitId })}
          />
        </Space.Compact>
      )}
      <Select
        mode="multiple"
        allowClear
        aria-label="按状态筛选"
        placeholder="全部状态"
        style={{ minWidth: 150 }}
        value={filter.statuses ?? []}
        options={TASK_STATUSES.map((s) => ({ value: s, label: s }))}
        onChange={(statuses: (typeof TASK_STATUSES)[number][]) => set({ statuses: statuses.length ? statuses : undefined })}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label="按预警筛选"
        placeholder="全部预警"
        style={{ minWidth: 130 }}
        value={filter.lights ?? []}
        options={TASK_LIGHTS.map((l) => ({ value: l, label: LIGHT_LABELS[l] }))}
        onChange={(lights: (typeof TASK_LIGHTS)[number][]) => set({ lights: lights.length ? lights : undefined })}
      />
      <DatePicker.RangePicker
        aria-label="完成时限范围"
        placeholder={['时限起', '时限止']}
        value={filter.deadlineFrom && filter.deadlineTo ? [dayjs(filter.deadlineFrom), dayjs(filter.deadlineTo)] : null}
        onChange={(range) =>
          set({ deadlineFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined, deadlineTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined })
        }
      />
    </Space>
  );
}
