import os from 'node:os';
import { loadConfig } from '../config.ts';
import { systemClock, type Clock } from '../domain/clock.ts';
import { formatPeriod, RETENTION_KINDS, type RetentionPolicy } from '../domain/retention-policy.ts';
import { createLogger } from '../logger.ts';
import { runRetentionPurge, type RetentionPurgeReport } from '../pipeline/operations/retention-purge.ts';
import { retentionReport, type RetentionReport } from '../pipeline/operations/retention-report.ts';
import { loadRetentionPolicy } from '../rules/load-retention-policy.ts';
import { openRuntime } from '../runtime.ts';
import { renderTable } from './text-table.ts';

/**
 * `callguard retention report` (what a purge would remove now and in the coming days, per bank and
 * kind) and `callguard retention purge` (remove it now; the workers also do this once a day). Both
 * read rules/retention.yaml (CALLGUARD_RULES_DIR) and refuse to run on an invalid one.
 */
interface Out {
  out(line: string): void;
}

export function renderPolicy(policy: RetentionPolicy): string {
  const row = (bank: string, r: RetentionPolicy['default']) => [
    bank, ...RETENTION_KINDS.map((k) => formatPeriod(r.periods[k])), r.jurisdictions.join(','), r.belowLegalMinimum ? `below legal minimum: ${r.belowLegalMinimum}` : '',
  ];
  return renderTable(
    ['bank', ...RETENTION_KINDS, 'law', ''],
    [row('(default)', policy.default), ...[...policy.banks].map(([bank, r]) => row(bank, r))],
  );
}

export function renderRetentionReport(report: RetentionReport): string {
  if (report.rows.length === 0) return `  nothing due within ${Math.max(...report.horizonsDays)} days / 期内无到期数据`;
  const header = ['bank', 'kind', ...report.horizonsDays.map((d) => (d === 0 ? 'due now' : `within ${d} d`))];
  return renderTable(header, report.rows.map((r) => [r.bank, r.kind, ...r.due.map(String)]));
}

export function renderPurge(r: RetentionPurgeReport): string {
  return [
    `retention run ${r.runId}: ${r.callsDeleted} calls deleted, ${r.recordingsDeleted} recordings deleted (${r.audioPurged} calls' audio), ` +
      `${r.transcriptsDeleted} transcripts deleted, ${r.transcriptsMasked} masked, ${r.findingsDeleted} findings deleted, ` +
      `${r.casesDeleted} cases (${r.caseEventsDeleted} events, ${r.complaintsDeleted} complaints), ${r.auditRowsDeleted} audit rows; ` +
      `ids in the audit log (action retention.*, entity retention_run ${r.runId})`,
    `保留期清理完成：删除通话 ${r.callsDeleted} 条、录音 ${r.recordingsDeleted} 个、案件 ${r.casesDeleted} 个`,
  ].join('\n');
}

function parseHorizons(text: string): number[] {
  const days = text.split(',').map((s) => Number(s.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 36_500)) throw new RangeError(`--days: "${text}" is not a list of whole numbers of days`);
  return [...new Set([0, ...days])].sort((a, b) => a - b);
}

export async function retentionReportCommand(opts: { days: string }, out: Out = { out: (l) => process.stdout.write(`${l}\n`) }, clock: Clock = systemClock): Promise<void> {
  const config = loadConfig();
  const policy = loadRetentionPolicy(config.CALLGUARD_RULES_DIR);
  const horizons = parseHorizons(opts.days);
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'), { transport: 'in-process' });
  try {
    const report = await retentionReport(runtime.deps.db, policy, clock.now(), horizons);
    out.out('retention periods (rules/retention.yaml) / 保留期：');
    out.out(renderPolicy(policy));
    out.out('');
    out.out('due for purge (held cases, calls in cases and calls still in the pipeline are kept) / 到期数据：');
    out.out(renderRetentionReport(report));
  } finally {
    await runtime.close();
  }
}

export async function retentionPurgeCommand(opts: { batch: string }, out: Out = { out: (l) => process.stdout.write(`${l}\n`) }, clock: Clock = systemClock): Promise<void> {
  const config = loadConfig();
  const policy = loadRetentionPolicy(config.CALLGUARD_RULES_DIR);
  const batchSize = Number(opts.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RangeError(`--batch: "${opts.batch}" is not a whole number from 1 to 10000`);
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'), { transport: 'in-process' });
  try {
    const report = await runRetentionPurge({
      db: runtime.deps.db, audio: runtime.deps.audio, policy, clock, batchSize,
      holder: `cli:${process.env.USER ?? 'unknown'}@${os.hostname()}:${process.pid}`,
    });
    out.out(renderPurge(report));
  } finally {
    await runtime.close();
  }
}
