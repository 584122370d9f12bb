import { describe, expect, it } from 'vitest';
import { classifyFindings, toFinding, unparsedFiles } from './scan-findings.mjs';

const issue = (id: string, severity: string, file: string, sample: string) => ({
  id,
  severity: { name: severity },
  confidence: { name: 'FIRM' },
  file,
  location: { line: 337, column: 16 },
  sample,
  description: 'described',
});

const findings = [
  issue('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'main/index.js', 'const window = new BrowserWindow(createMainWindowOptions(preloadPath));'),
  issue('CSP_GLOBAL_CHECK', 'LOW', 'renderer/index.html', "default-src 'self'; style-src 'self' 'unsafe-inline'"),
  issue('NODE_INTEGRATION_JS_CHECK', 'HIGH', 'main/index.js', 'new BrowserWindow({ webPreferences: { nodeIntegration: true } })'),
].map(toFinding);

const allowlist = [
  { check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'main/index.js', sample: 'createMainWindowOptions(', reason: 'reviewed' },
  { check: 'SANDBOX_JS_CHECK', file: 'main/index.js', reason: 'no longer reported' },
];

describe('classifyFindings', () => {
  it('fails on a new high or medium finding, passes reviewed ones and low ones, and names stale entries', () => {
    const { failing, reviewed, other, unused } = classifyFindings(findings, allowlist);
    expect(failing.map((finding) => finding.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(reviewed.map((finding) => finding.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect(other.map((finding) => finding.check)).toEqual(['CSP_GLOBAL_CHECK']);
    expect(unused.map((entry) => entry.check)).toEqual(['SANDBOX_JS_CHECK']);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', location: '337:16' });
  });

  it('does not let an entry hide the same check on other code', () => {
    const moved = [toFinding(issue('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'main/index.js', 'new BrowserWindow({ contextIsolation: false })'))];
    expect(classifyFindings(moved, allowlist).failing).toHaveLength(1);
  });
});

describe('unparsedFiles', () => {
  it('counts a script the scanner could not parse, not tolerable warnings or other files', () => {
    const errors = [
      { file: '/out/main/index.js', message: 'Unexpected token', tolerable: false },
      { file: '/out/preload/preload.cjs', message: 'minor', tolerable: true },
      { file: '/out/renderer/favicon.svg', message: 'not code', tolerable: false },
    ];
    expect(unparsedFiles(errors).map((error: { file: string }) => error.file)).toEqual(['/out/main/index.js']);
  });
});
