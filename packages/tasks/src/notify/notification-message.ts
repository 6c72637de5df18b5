import type { S3ObjectLocation } from '../shared/schemas.js';
import { formatCounts, type OperationReport } from './operation-report.js';

/** SNS's message limit (256 KiB), less room for the truncation notice. */
export const SNS_MESSAGE_LIMIT_BYTES = 262_144;
/** SNS requires a Subject shorter than 100 ASCII characters without line breaks. */
const SUBJECT_LIMIT = 99;
/** A single line never takes more than this, so one huge failure group cannot crowd out the rest. */
const LINE_LIMIT_BYTES = 16_384;

/** The SNS Subject and Message, and how many lines were left out to fit. */
export interface NotificationMessage {
  subject: string;
  message: string;
  omittedLines: number;
}

/**
 * Renders the report as one SNS message. Sections in priority order — totals, waves, regions, failures by
 * cause, successes — so when the 256 KiB limit bites, what is cut is the list of successes first.
 */
export function renderNotification(
  report: OperationReport,
  reportLocation: S3ObjectLocation,
  limitBytes = SNS_MESSAGE_LIMIT_BYTES,
  extra: { outcome?: string; instanceStatusChanges?: readonly string[] } = {},
): NotificationMessage {
  const { operation, counts, total } = report;
  const failed = counts.FAILED + counts.NEEDS_INTERVENTION;
  const succeeded = counts.SUCCEEDED + counts.NO_CHANGES;
  const subject = asciiSubject(
    `stackset-lite ${operation.name} ${operation.action}: ${failed > 0 ? `${failed} failed, ` : ''}${succeeded} ok of ${total}`,
  );

  const lines: string[] = [
    `stackset-lite operation "${operation.name}" (${operation.action})`,
    `Execution: ${operation.executionId}`,
    `Full JSON report: s3://${reportLocation.bucket}/${reportLocation.key}`,
    '',
    `Totals: ${total} targets: ${formatCounts(counts)}`,
  ];
  if (extra.outcome) lines.push(`Outcome: ${extra.outcome}`);
  // A stack set operation says which instances changed status (right after the totals: never cut first).
  if (extra.instanceStatusChanges) {
    lines.push('', 'Instance status changes:');
    if (extra.instanceStatusChanges.length === 0) lines.push('  none');
    for (const change of extra.instanceStatusChanges) lines.push(clip(`  ${change}`));
  }
  if (report.byWave.length > 0) {
    lines.push('', 'By wave:');
    for (const { wave, counts: c } of report.byWave) lines.push(`  wave ${wave}: ${formatCounts(c)}`);
  }
  lines.push('', 'By region:');
  for (const { region, counts: c } of report.byRegion) lines.push(`  ${region}: ${formatCounts(c)}`);
  if (report.failureGroups.length > 0) {
    lines.push('', `Failures by root cause (${report.failureGroups.length} causes, ${failed} targets):`);
    for (const group of report.failureGroups) {
      const hit = group.targets.map((t) => `${t.accountId}/${t.region}`);
      lines.push(clip(`  - ${group.cause} -- ${group.targets.length} targets: ${hit.join(', ')}`));
    }
  }
  const successes = report.results.filter((r) => r.status === 'SUCCEEDED' || r.status === 'NO_CHANGES');
  if (successes.length > 0) {
    lines.push('', `Succeeded (${successes.length}):`);
    const byRegion = new Map<string, string[]>();
    for (const r of successes) {
      const list = byRegion.get(r.region) ?? [];
      list.push(r.status === 'NO_CHANGES' ? `${r.accountId} (no changes)` : r.accountId);
      byRegion.set(r.region, list);
    }
    // One line per 50 accounts keeps lines readable and lets truncation cut finely.
    for (const [region, accounts] of byRegion) {
      for (let i = 0; i < accounts.length; i += 50)
        lines.push(`  ${region}: ${accounts.slice(i, i + 50).join(', ')}`);
    }
  }

  // Keep lines while they fit, leaving room for the notice of what was left out.
  const noticeRoom = 200;
  let bytes = 0;
  let kept = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > limitBytes - noticeRoom) break;
    bytes += size;
    kept++;
  }
  const omittedLines = lines.length - kept;
  const body = lines.slice(0, kept);
  if (omittedLines > 0) {
    body.push(
      '',
      `... ${omittedLines} more lines left out to stay under the SNS 256 KiB limit; see the full report.`,
    );
  }
  return { subject, message: body.join('\n'), omittedLines };
}

function clip(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= LINE_LIMIT_BYTES) return line;
  const cut = line.slice(0, LINE_LIMIT_BYTES - 64);
  const shown = cut.lastIndexOf(', ');
  const kept = shown > 0 ? cut.slice(0, shown) : cut;
  const left = line.slice(kept.length).split(', ').length - 1;
  return `${kept}, ... and ${left} more (see the report)`;
}

/** SNS wants printable ASCII, no line breaks, fewer than 100 characters. */
function asciiSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_LIMIT ? ascii : `${ascii.slice(0, SUBJECT_LIMIT - 3)}...`;
}
