// Pure helpers of scan-electron.mjs, kept apart so they are unit-tested (scan-findings.test.ts).

/** Parses CSV as Electronegativity writes it: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((cell) => cell.trim() !== '')) rows.push(row);
  return rows;
}

/** Findings from Electronegativity's CSV report (header: issue, severity, confidence, filename, location, sample, …). */
export function findingsFromCsv(text) {
  const [header, ...rows] = parseCsv(text);
  if (!header || header[0]?.trim() !== 'issue') throw new Error('Electronegativity 报告格式无法识别（缺少表头）。');
  return rows.map(([check, severity, confidence, file, location, sample, description]) => ({
    check: check?.trim() ?? '',
    severity: severity?.trim().toUpperCase() ?? '',
    confidence: confidence?.trim() ?? '',
    file: file?.trim() ?? '',
    location: location?.trim() ?? '',
    sample: sample ?? '',
    description: description ?? '',
  }));
}

export const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

/**
 * Splits findings into those that fail the scan (high or medium, not reviewed), the reviewed ones, and the rest.
 * An allowlist entry matches by check, file and (when given) a piece of the flagged code, never by line number, so
 * an unrelated edit does not invalidate it, and a new finding of the same check elsewhere is not hidden by it.
 */
export function classifyFindings(findings, allowlist) {
  const used = new Set();
  const failing = [];
  const reviewed = [];
  const other = [];
  for (const finding of findings) {
    const entry = allowlist.findIndex(
      (allowed) => allowed.check === finding.check && allowed.file === finding.file && (!allowed.sample || finding.sample.includes(allowed.sample)),
    );
    if (entry >= 0) {
      used.add(entry);
      reviewed.push({ ...finding, reason: allowlist[entry].reason });
    } else if (FAILING_SEVERITIES.has(finding.severity)) failing.push(finding);
    else other.push(finding);
  }
  const unused = allowlist.filter((_, index) => !used.has(index));
  return { failing, reviewed, other, unused };
}
