import { mkdirSync } from 'node:fs';
import { openAppDatabase, type AppDatabase } from '../db/connection';
import { seedShippedPlan } from '../plan/plan.seed';
import { seedDefaultUnits } from '../units/units.service';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createHandlers } from './handlers';
import { localToday } from './task-handlers';
import { AttachmentStore } from '../progress/attachment-store';

export interface AppContext {
  dispatch: Dispatch;
  database: AppDatabase;
  close(): Promise<void>;
}

export interface AppContextOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  logError?: (error: unknown, channel: string) => void;
  /** Overrides today's date (tests). */
  today?: () => string;
}

/**
 * Everything behind the doors: opens (and migrates) the database in the data folder, fills a new database
 * with the shipped plan and default units, and wires the dispatcher. Electron and browser mode both start here.
 */
export async function openAppContext(options: AppContextOptions): Promise<AppContext> {
  mkdirSync(options.dataDir, { recursive: true });
  const database = await openAppDatabase(options.dataDir);
  try {
    await seedDefaultUnits(database.db);
    await seedShippedPlan(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const info = {
    name: '规划督办台',
    version: options.version,
    mode: options.mode,
    dataDir: options.dataDir,
    schemaVersion: database.schemaVersion,
  };
  const logError = options.logError ?? ((error, channel) => console.error(`[${channel}]`, error));
  return {
    dispatch: createDispatcher(
      createHandlers({ db: database.db, info, attachments: new AttachmentStore(options.dataDir), today: options.today ?? (() => localToday()) }),
      logError,
    ),
    database,
    close: () => database.close(),
  };
}
