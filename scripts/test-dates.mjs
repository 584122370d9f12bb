// The date rules (迟报, 逾期, 序时进度, the Beijing calendar, fixed clocks) once more with the machine clock in China
// Standard Time: CI machines keep UTC, users' PCs keep Asia/Shanghai, and the rules must give one answer on both.
import { spawnSync } from 'node:child_process';

const suites = [
  'src-main/rules',
  'src-main/rounds',
  'src-main/assessment',
  'src-main/notices',
  'src-main/dashboard',
  'src-main/exchange/template-filled-on.test.ts',
  'src-main/core/clock.test.ts',
];
const result = spawnSync('npx', ['vitest', 'run', ...suites], {
  stdio: 'inherit',
  // Its own result file (vitest.config.ts), so the unit run's stays as it was.
  env: { ...process.env, TZ: 'Asia/Shanghai', PLAN_DESK_UNIT_RESULTS: 'reports/unit-results-shanghai.json' },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
