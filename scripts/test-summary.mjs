// Prints one closing line for the whole test run (unit + end-to-end), in the plain form CI reads:
//   tests: N passed, N failed, N skipped
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const unit = read('reports/unit-results.json');
const e2e = read('reports/e2e-results.json');
if (!unit || !e2e) {
  console.error('缺少测试结果文件（reports/unit-results.json 或 reports/e2e-results.json）。');
  process.exit(1);
}

const passed = unit.numPassedTests + e2e.stats.expected + e2e.stats.flaky;
const failed = unit.numFailedTests + e2e.stats.unexpected;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;
console.log(`单元测试 unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed; 端到端 e2e: ${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
