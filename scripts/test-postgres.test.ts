import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

/** Without PostgreSQL: a developer is told and the run goes on; CI is failed (scripts/test-postgres.mjs). */
const dir = mkdtempSync(join(tmpdir(), 'plan-desk-no-pg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(ci: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, PLAN_DESK_PG_ROOT: join(dir, 'no-postgresql-here'), PLAN_DESK_POSTGRES_RESULTS: join(dir, 'results.json') };
  delete env.PLAN_DESK_TEST_PG_URL;
  delete env.CI;
  if (ci) env.CI = 'true';
  return spawnSync(process.execPath, ['scripts/test-postgres.mjs'], { env, encoding: 'utf8' });
}

it('without PostgreSQL a developer gets a skip message naming what to install, and an empty result', () => {
  const result = run(false);
  expect(result.status).toBe(0);
  expect(result.stderr).toContain('跳过 PostgreSQL 上的服务测试');
  expect(result.stderr).toContain('postgresql');
  expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toMatchObject({ numPassedTests: 0, numFailedTests: 0, skipped: true });
});

it('under CI=true a missing PostgreSQL fails the run', () => {
  const result = run(true);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('CI=true');
});
