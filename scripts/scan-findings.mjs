// Pure helpers of scan-electron.mjs, kept apart so they are unit-tested (scan-findings.test.ts).

/** A finding as Electronegativity's programmatic API reports it, flattened. */
export function toFinding(issue) {
  return {
    check: issue.id,
    severity: String(issue.severity?.name ?? '').toUpperCase(),
    confidence: String(issue.confidence?.name ?? '').toUpperCase(),
    file: issue.file,
    location: `${issue.location?.line ?? 0}:${issue.location?.column ?? 0}`,
    sample: issue.sample ?? '',
    description: issue.description ?? '',
  };
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

/** Files the scanner could not parse: a scan that silently skipped the main process would prove nothing. */
export function unparsedFiles(errors) {
  return errors.filter((error) => !error.tolerable && /\.(c|m)?[jt]sx?$|\.html?$/u.test(String(error.file)));
}
