/** 领导批示: a leader's instruction on a task, recorded by the office and followed until it is closed. */
export type InstructionStage = '待转办' | '督办中' | '待办结' | '已办结';

export interface InstructionRow {
  id: number;
  taskId: number;
  taskCode: string;
  taskText: string;
  leadUnitName: string | null;
  leader: string;
  givenOn: string;
  text: string;
  recordedBy: string;
  /** The 督办 notice it was turned into, with that notice's number and state label. */
  notice: { id: number; number: string; state: string } | null;
  /**
   * Where it stands: 待转办 (recorded, not yet a notice), 督办中 (its notice is open), 待办结 (its notice is 办结, the
   * office has not closed the 批示), 已办结.
   */
  stage: InstructionStage;
  closedNote: string;
  closedAt: string | null;
}
