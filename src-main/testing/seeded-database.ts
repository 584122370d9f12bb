import { createTestDatabase, type Prefill, type TestDatabase } from '../db/test-helper';
import { SHIPPED_PLAN_CODE, seedShippedPlan } from '../plan/plan.seed';
import { AttachmentStore } from '../progress/attachment-store';
import { getWarningThresholds } from '../settings/settings.service';
import { ensureTaskLights } from '../tasks/task-lights';
import type { Actor } from '../tasks/task-rules';
import { seedDefaultUnits } from '../units/units.service';

export interface SeededDatabase extends TestDatabase {
  planId: number;
  files: AttachmentStore;
  unitId(name: string): Promise<number>;
  taskId(code: string): Promise<number>;
  office: Actor;
  actorFor(unitName: string): Promise<Actor>;
}

/** The default units and the shipped plan, as on first run (on PostgreSQL written once into a template). */
const SHIPPED: Prefill = {
  name: 'shipped',
  fill: async (db) => {
    await seedDefaultUnits(db);
    await seedShippedPlan(db);
  },
};

/** A migrated database in a temp folder, holding the shipped plan and the default units, as on first run. */
export async function createSeededDatabase(dir?: string): Promise<SeededDatabase> {
  const t = await createTestDatabase(dir, SHIPPED);
  const planId = (await t.db.selectFrom('plans').select('id').where('code', '=', SHIPPED_PLAN_CODE).executeTakeFirstOrThrow()).id;
  // As the app's start does (core/app-context.ts): the tasks' light dates worked out for the thresholds in 设置.
  await ensureTaskLights(t.db, await getWarningThresholds(t.db));
  const unitId = async (name: string) => (await t.db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const officeUnit = await t.db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').executeTakeFirstOrThrow();
  return {
    ...t,
    planId,
    files: new AttachmentStore(t.dir),
    unitId,
    taskId: async (code) => (await t.db.selectFrom('tasks').select('id').where('code', '=', code).where('plan_id', '=', planId).executeTakeFirstOrThrow()).id,
    office: { role: 'office', unitId: officeUnit.id, label: `${officeUnit.name}（测试员）` },
    actorFor: async (name) => ({ role: 'unit', unitId: await unitId(name), label: `${name}（经办人）` }),
  };
}
