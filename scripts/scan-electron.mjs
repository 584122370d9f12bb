// `npm run scan:electron`: Electronegativity (Doyensec's static scanner for Electron security anti-patterns) over
// the built app in out/ — main process, preload and renderer, as they ship. Fails on any HIGH or MEDIUM finding
// that is not in security/electronegativity-allowlist.json, where each accepted finding carries its reason.
//
// The scanner tries the network twice (translations, Electron's release list); offline both fail quickly and
// the scan runs with what is installed. The Electron version is passed explicitly so no lookup is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyFindings, findingsFromCsv } from './scan-findings.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The build to scan: out/, or PLAN_DESK_OUT (as for the tests) when parallel work keeps its own build folder.
const outDir = process.env.PLAN_DESK_OUT ?? 'out';
const require = createRequire(import.meta.url);
const reportFile = join(root, 'reports', 'electronegativity.csv');
const allowlistFile = join(root, 'security', 'electronegativity-allowlist.json');

if (!existsSync(join(root, outDir, 'main', 'index.js'))) {
  console.error(`找不到构建产物 ${outDir}/，请先运行 npm run build（npm run scan:electron 会自动构建）。`);
  process.exit(1);
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
mkdirSync(dirname(reportFile), { recursive: true });

console.log(`Electronegativity 扫描 ${outDir}/（Electron ${electronVersion}）… / scanning ${outDir}/`);
const result = spawnSync(process.execPath, [cli, '-i', outDir, '-e', electronVersion, '-r', '-v', 'false', '-o', reportFile], {
  cwd: root,
  encoding: 'utf8',
  timeout: 5 * 60_000,
});
if (result.error || !existsSync(reportFile)) {
  console.error(result.stdout, result.stderr);
  console.error(`Electronegativity 未能完成扫描：${result.error?.message ?? `退出码 ${result.status}`}`);
  process.exit(1);
}

const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8'));
const { failing, reviewed, other, unused } = classifyFindings(findingsFromCsv(readFileSync(reportFile, 'utf8')), allowlist);
const line = (finding) => `  ${finding.severity.padEnd(6)} ${finding.check} ${finding.file}:${finding.location}  ${finding.sample.trim().slice(0, 100)}`;

console.log(`发现 ${failing.length + reviewed.length + other.length} 项：${reviewed.length} 项已审查（见 ${'security/electronegativity-allowlist.json'}），${other.length} 项低/提示级别，${failing.length} 项未审查的高/中级别。`);
for (const finding of reviewed) console.log(`${line(finding)}\n         已审查 reviewed: ${finding.reason}`);
for (const finding of other) console.log(line(finding));
for (const entry of unused) console.warn(`  提示：允许清单中的 ${entry.check} (${entry.file}) 已不再出现，可以删除。 / stale allowlist entry`);
if (failing.length > 0) {
  console.error('\n未审查的高/中级别问题 / new HIGH or MEDIUM findings:');
  for (const finding of failing) console.error(`${line(finding)}\n         ${finding.description}`);
  console.error('\n请修复；确属误报时，把它连同理由加入 security/electronegativity-allowlist.json。');
  process.exit(1);
}
console.log(`扫描通过 / scan passed. 报告 report: reports/electronegativity.csv`);
