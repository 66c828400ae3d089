import { formatDuration } from './human-duration.ts';
import type { StalledSweepReport } from '../pipeline/operations/stalled-calls.ts';
import { renderTable } from './text-table.ts';

/** What `callguard requeue-stalled` prints: the counts, then every stalled call (ids only, no personal data). */
export function renderStalledSweep(r: StalledSweepReport): string {
  const out: string[] = [
    `Unfinished calls unmoved for over ${formatDuration(r.olderThanMs)}: ${r.idle}`,
    `  carried by a live job (waiting, running or retrying): ${r.carried} — left alone`,
    `  unmoved for less than the timeout of their next stage: ${r.notYetDue} — looked at again later`,
    `  stalled, no job in any queue: ${r.stalled.length}${r.stalled.length === 0 ? '' : r.dryRun ? ' — dry run, nothing queued' : ' — queued again'}`,
  ];
  if (r.stalled.length > 0) {
    out.push('', renderTable(
      ['call', 'status', 'unmoved for', r.dryRun ? 'would queue' : 'queued'],
      r.stalled.map((s) => [s.callId, s.status, formatDuration(s.idleMs), s.resume.name]),
    ));
  }
  if (!r.dryRun && r.removedJobs > 0) out.push('', `${r.removedJobs} finished job(s) of these calls removed first, so the new jobs are not taken for duplicates`);
  return `${out.join('\n')}\n`;
}
