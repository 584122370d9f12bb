// `npm run scan:electron`: Electronegativity (Doyensec's static scanner for Electron security anti-patterns) over
// the built app in out/: the main process and preload bundles and the renderer's index.html (with its CSP) as they
// ship. The renderer's bundle is scanned as its sources (src-renderer/src) instead: React and Ant Design compile to
// syntax the scanner cannot walk (class private fields), and a file it cannot parse would otherwise pass silently.
// Fails on any HIGH or MEDIUM finding that is not in security/electronegativity-allowlist.json, where each accepted
// finding carries its reason, and on any script the scanner could not parse.
//
// Uses the scanner's programmatic API: its CLI writes the CSV header and rows with two unsynchronised writes, and
// the rows can lose their beginning. Offline, its two network lookups (translations, Electron's release list) fail
// quickly; the Electron version is passed explicitly so no lookup is needed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyFindings, toFinding, unparsedFiles } from './scan-findings.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
// The build to scan: out/, or PLAN_DESK_OUT (as for the tests) when parallel work keeps its own build folder.
const outDir = process.env.PLAN_DESK_OUT ?? 'out';
const reportFile = join(root, 'reports', 'electronegativity.json');
const allowlistFile = join(root, 'security', 'electronegativity-allowlist.json');

if (!existsSync(join(root, outDir, 'main', 'index.js'))) {
  console.error(`找不到构建产物 ${outDir}/，请先运行 npm run build（npm run scan:electron 会自动构建）。`);
  process.exit(1);
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const runElectronegativity = require('@doyensec/electronegativity');

// What is scanned, staged in one folder so the global checks (navigation limits, permission handler, CSP) see the
// main process and the page together. Outside the project: the scanner skips any path under node_modules.
const staged = mkdtempSync(join(tmpdir(), 'plan-desk-scan-'));
process.on('exit', () => rmSync(staged, { recursive: true, force: true }));
for (const part of ['main', 'preload']) cpSync(join(root, outDir, part), join(staged, part), { recursive: true });
mkdirSync(join(staged, 'renderer'), { recursive: true });
cpSync(join(root, outDir, 'renderer', 'index.html'), join(staged, 'renderer', 'index.html'));
cpSync(join(root, 'src-renderer', 'src'), join(staged, 'renderer-src'), { recursive: true });

console.log(`Electronegativity 扫描 ${outDir}/ 与 src-renderer/src（Electron ${electronVersion}）… / scanning`);
const result = await runElectronegativity({
  input: staged,
  isSarif: false,
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
});
const findings = result.issues.map(toFinding);
mkdirSync(dirname(reportFile), { recursive: true });
writeFileSync(reportFile, `${JSON.stringify({ electronVersion, checks: result.globalChecks + result.atomicChecks, findings, errors: result.errors }, null, 2)}\n`);

const unparsed = unparsedFiles(result.errors);
const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8'));
const { failing, reviewed, other, unused } = classifyFindings(findings, allowlist);
const line = (finding) => `  ${finding.severity.padEnd(6)} ${finding.check} ${finding.file}:${finding.location}  ${finding.sample.trim().slice(0, 100)}`;

console.log(
  `${result.globalChecks + result.atomicChecks} 项检查，发现 ${findings.length} 项：${reviewed.length} 项已审查（见 security/electronegativity-allowlist.json），` +
    `${other.length} 项低/提示级别，${failing.length} 项未审查的高/中级别。`,
);
for (const finding of reviewed) console.log(`${line(finding)}\n         已审查 reviewed: ${finding.reason}`);
for (const finding of other) console.log(line(finding));
for (const entry of unused) console.warn(`  提示：允许清单中的 ${entry.check} (${entry.file}) 已不再出现，可以删除。 / stale allowlist entry`);
if (unparsed.length > 0) {
  console.error('\n扫描器无法解析以下文件，扫描结果不完整 / files the scanner could not parse:');
  for (const error of unparsed) console.error(`  ${error.file}: ${error.message}`);
}
if (failing.length > 0) {
  console.error('\n未审查的高/中级别问题 / new HIGH or MEDIUM findings:');
  for (const finding of failing) console.error(`${line(finding)}\n         ${finding.description}`);
  console.error('\n请修复；确属误报时，把它连同理由加入 security/electronegativity-allowlist.json。');
}
if (failing.length > 0 || unparsed.length > 0) process.exit(1);
console.log(`扫描通过 / scan passed. 报告 report: reports/electronegativity.json`);
