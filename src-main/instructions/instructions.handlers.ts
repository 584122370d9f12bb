import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from '../progress/attachment-store';
import { closeInstruction, instructionToNotice, listInstructions, readInstructionAttachment, recordInstruction } from './instructions.service';

/** Glue only for 领导批示. */
export function instructionHandlers(
  db: Kysely<Database>,
  files: AttachmentStore,
  today: () => string,
  now: () => Date,
): HandlersOf<'instructions.list' | 'instructions.record' | 'instructions.toNotice' | 'instructions.readAttachment' | 'instructions.close'> {
  return {
    'instructions.list': (filter, actor) => listInstructions(db, actor, filter),
    'instructions.record': (input, actor) => recordInstruction(db, files, actor, input, today(), now()),
    'instructions.toNotice': (input, actor) => instructionToNotice(db, actor, input, today(), now()),
    'instructions.readAttachment': ({ id }, actor) => readInstructionAttachment(db, files, actor, id),
    'instructions.close': async (input, actor) => (await closeInstruction(db, actor, input, now()), null),
  };
}
