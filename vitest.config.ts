import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // PLAN_DESK_UNIT_RESULTS: a second run (the date rules under Asia/Shanghai) keeps its own result file.
    reporters: ['default', ['json', { outputFile: process.env.PLAN_DESK_UNIT_RESULTS ?? 'reports/unit-results.json' }]],
  },
});
