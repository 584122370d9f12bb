import { App, Button, Popconfirm, Space, Tag } from 'antd';
import type { RoundUnitRow } from '../../../../src-main/api/rounds.types';
import { useRoundReminders } from '../../hooks/loop.queries';
import { useChannelMutation } from '../../hooks/task.queries';

/** 催办 every unit still 未报 in the round: one click, one 催办 per unit. */
export function RemindAllButton({ roundId }: { roundId: number }) {
  const { message } = App.useApp();
  const send = useChannelMutation('reminders.send');
  return (
    <Popconfirm
      title="向所有未报单位发出催办？"
      okText="催办"
      cancelText="取消"
      onConfirm={() =>
        send.mutate({ roundId, message: '' }, { onSuccess: (r) => message.success(`已催办：${r.units.join('、')}`), onError: (e) => message.error(e.message) })
      }
    >
      <Button loading={send.isPending}>催办未报单位</Button>
    </Popconfirm>
  );
}

/** The round's unit table cell: how many 催办 the unit got, and (for the office) a 催办 of this unit alone. */
export function RemindUnitCell({ roundId, row, canSend }: { roundId: number; row: RoundUnitRow; canSend: boolean }) {
  const { message } = App.useApp();
  const reminders = useRoundReminders(roundId);
  const send = useChannelMutation('reminders.send');
  const count = reminders.data?.countByUnit[row.unitId] ?? 0;
  return (
    <Space size={4} onClick={(event) => event.stopPropagation()}>
      <span aria-label={`${row.unitName}催办次数`}>{count > 0 ? <Tag>已催办 {count} 次</Tag> : '—'}</span>
      {canSend && row.reported < row.expected && (
        <Button
          size="small"
          type="link"
          loading={send.isPending}
          aria-label={`催办${row.unitName}`}
          onClick={() =>
            send.mutate({ roundId, unitId: row.unitId, message: '' }, { onSuccess: () => message.success(`已催办${row.unitName}`), onError: (e) => message.error(e.message) })
          }
        >
          催办
        </Button>
      )}
    </Space>
  );
}
