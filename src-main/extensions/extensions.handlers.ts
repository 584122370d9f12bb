import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from '../progress/attachment-store';
import { readExtensionAttachment, requestExtensionWithFiles } from './extension-files';
import { decideExtension, listExtensions, taskDeadlines } from './extensions.service';

/** Glue only for 延期申请. */
export function extensionHandlers(
  db: Kysely<Database>,
  files: AttachmentStore,
  now: () => Date,
): HandlersOf<'extensions.list' | 'extensions.deadlines' | 'extensions.request' | 'extensions.decide' | 'extensions.readAttachment'> {
  return {
    'extensions.list': (filter, actor) => listExtensions(db, actor, filter),
    'extensions.deadlines': ({ taskId }) => taskDeadlines(db, taskId),
    'extensions.request': (input, actor) => requestExtensionWithFiles(db, files, actor, input, now()),
    'extensions.decide': (input, actor) => decideExtension(db, actor, input, now()),
    'extensions.readAttachment': ({ id }, actor) => readExtensionAttachment(db, files, actor, id),
  };
}
