// Prints one closing line for the whole test run (unit + end-to-end), in the plain form CI reads:
//   tests: N passed, N failed, N skipped
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const unit = read('reports/unit-results.json');
// The date rules again under Asia/Shanghai (scripts/test-dates.mjs); counted with the unit tests.
const shanghai = read('reports/unit-results-shanghai.json');
const e2e = read('reports/e2e-results.json');
if (!unit || !e2e) {
  console.error('缺少测试结果文件（reports/unit-results.json 或 reports/e2e-results.json）。');
  process.exit(1);
}

if (!shanghai) {
  console.error('缺少北京时间下的日期规则测试结果（reports/unit-results-shanghai.json）。');
  process.exit(1);
}
// The service tests again on PostgreSQL (scripts/test-postgres.mjs); an empty result when it was skipped locally.
const postgres = read('reports/unit-results-postgres.json') ?? { numPassedTests: 0, numFailedTests: 0, skipped: true };
const passed = unit.numPassedTests + shanghai.numPassedTests + postgres.numPassedTests + e2e.stats.expected + e2e.stats.flaky;
const failed = unit.numFailedTests + shanghai.numFailedTests + postgres.numFailedTests + e2e.stats.unexpected;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;
console.log(`单元测试 unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed; 北京时间 dates (TZ=Asia/Shanghai): ${shanghai.numPassedTests} passed, ${shanghai.numFailedTests} failed; PostgreSQL: ${postgres.skipped ? 'skipped' : `${postgres.numPassedTests} passed, ${postgres.numFailedTests} failed`}; 端到端 e2e: ${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
