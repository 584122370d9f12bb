import { Button } from 'antd';
import { useState } from 'react';
import { useIdentity } from '../../hooks/task.queries';
import { RecordInstructionModal, type InstructionPreset } from './RecordInstructionModal';

/**
 * 记录批示 on the record itself (a problem's row, a project's row, a report in a task's history): the 登记领导批示 form
 * with that record chosen. Only the office records 批示 (the channel refuses anyone else), so others see no button.
 */
export function RecordInstructionButton({ preset }: { preset: InstructionPreset }) {
  const identity = useIdentity();
  const [open, setOpen] = useState(false);
  if (identity.data?.role !== 'office') return null;
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>
        记录批示
      </Button>
      {open && <RecordInstructionModal preset={preset} onClose={() => setOpen(false)} />}
    </>
  );
}
