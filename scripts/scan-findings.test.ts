import { describe, expect, it } from 'vitest';
import { classifyFindings, findingsFromCsv, parseCsv } from './scan-findings.mjs';

const CSV = `issue, severity, confidence, filename, location, sample, description, url
CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/index.js","337:16","const window = new BrowserWindow(createMainWindowOptions(preloadPath));","Review the use of the contextIsolation option",https://example/1
CSP_GLOBAL_CHECK,"LOW","FIRM","renderer/index.html","6:0","default-src 'self';
style-src 'self' 'unsafe-inline'","One or more CSP directives ""seem"" vulnerable",https://example/2
NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","main/index.js","90:3","new BrowserWindow({ webPreferences: { nodeIntegration: true } })","Disable nodeIntegration",https://example/3
`;

describe('parseCsv', () => {
  it('keeps quoted commas, doubled quotes and line breaks inside a field', () => {
    const rows = parseCsv(CSV);
    expect(rows).toHaveLength(4);
    expect(rows[2]![5]).toBe("default-src 'self';\nstyle-src 'self' 'unsafe-inline'");
    expect(rows[2]![6]).toBe('One or more CSP directives "seem" vulnerable');
  });
});

describe('classifyFindings', () => {
  const allowlist = [
    { check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'main/index.js', sample: 'createMainWindowOptions(', reason: 'reviewed' },
    { check: 'SANDBOX_JS_CHECK', file: 'main/index.js', reason: 'no longer reported' },
  ];

  it('fails on a new high or medium finding, passes reviewed ones and low ones, and names stale entries', () => {
    const { failing, reviewed, other, unused } = classifyFindings(findingsFromCsv(CSV), allowlist);
    expect(failing.map((finding) => finding.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(reviewed.map((finding) => finding.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect(other.map((finding) => finding.check)).toEqual(['CSP_GLOBAL_CHECK']);
    expect(unused.map((entry) => entry.check)).toEqual(['SANDBOX_JS_CHECK']);
  });

  it('does not let an entry hide the same check on other code', () => {
    const moved = CSV.replace('createMainWindowOptions(preloadPath)', '{ contextIsolation: false }');
    expect(classifyFindings(findingsFromCsv(moved), allowlist).failing.map((finding) => finding.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });

  it('refuses a report it cannot read', () => {
    expect(() => findingsFromCsv('garbage')).toThrow(/格式无法识别/);
  });
});
