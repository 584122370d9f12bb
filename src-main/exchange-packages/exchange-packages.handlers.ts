import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from '../progress/attachment-store';
import { applyDispatchPackage, previewDispatchPackage } from './dispatch-apply';
import { exportDispatchPackage } from './dispatch-export';
import { exchangeInfo } from './exchange-info';
import { applyReportPackage, previewReportPackage } from './report-apply';
import { exportReportPackage } from './report-export';

type ExchangeChannel =
  | 'exchange.info'
  | 'exchange.exportDispatch'
  | 'exchange.exportReport'
  | 'exchange.previewDispatch'
  | 'exchange.applyDispatch'
  | 'exchange.previewReport'
  | 'exchange.applyReport';

/** Glue only for the 下发包 / 上报包 exchange between isolated PCs. */
export function exchangePackageHandlers(db: Kysely<Database>, attachments: AttachmentStore, today: () => string, now: () => Date): HandlersOf<ExchangeChannel> {
  return {
    'exchange.info': () => exchangeInfo(db, now()),
    'exchange.exportDispatch': (input, actor) => exportDispatchPackage(db, actor, input, now()),
    'exchange.exportReport': (_input, actor) => exportReportPackage(db, attachments, actor, now()),
    'exchange.previewDispatch': (input) => previewDispatchPackage(db, input, now()),
    'exchange.applyDispatch': (input, actor) => applyDispatchPackage(db, actor, input, now()),
    'exchange.previewReport': (input, actor) => previewReportPackage(db, actor, input, today(), now()),
    'exchange.applyReport': (input, actor) => applyReportPackage(db, attachments, actor, input, today(), now()),
  };
}
