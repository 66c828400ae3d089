import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_CHANNEL_LAYOUT } from '../audio/speakers.ts';
import { ASR_ENGINES, CHANNEL_LAYOUTS, ROLE_NAMES, STAGE_NAMES } from './option-choices.ts';

/**
 * The `callguard` command tree: every command, its arguments, options and help text. Each action
 * imports its implementation (and with it the database, queues, audio or the web server) only when
 * that command runs, so `callguard --help` or `callguard scan` does not pay for loading the rest.
 * Exit codes: 0 ran, 1 the input or rules are invalid / a check failed, 2 usage.
 */
interface Output {
  out(line: string): void;
  err(line: string): void;
}

const lines: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The version in package.json: the one file that says it. */
export function callguardVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('callguard')
    .description('Call-recording compliance for debt collection / 催收通话录音合规质检')
    .version(callguardVersion(), '-V, --version', 'print the version / 版本号')
    .showHelpAfterError()
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  addRulesCommands(program);
  addAudioCommands(program);
  addPipelineCommands(program);
  addServerCommands(program);
  addDbCommands(program);
  addAuditCommands(program);
  addQaCommands(program);
  addRetentionCommands(program);
  addBundleCommands(program);
  return program;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** src/cli/rules-commands.ts */
function addRulesCommands(program: Command): void {
  const rules = program.command('rules').description('Check and test rule packs / 规则包检查与测试');
  rules
    .command('lint')
    .argument('[dir]', 'rules directory (language packs + policy.yaml), or one pack directory', 'rules')
    .description('Check every rule file; each problem as file:line:col; exit 1 on any')
    .action(async (dir: string) => {
      const { lintRules } = await import('./rules-commands.ts');
      process.exitCode = lintRules(dir, lines);
    });
  rules
    .command('test')
    .argument('[dir]', 'rules directory, or one pack directory', 'rules')
    .description("Run every rule's match / no_match examples; a line per failure and a summary")
    .action(async (dir: string) => {
      const { testRules } = await import('./rules-commands.ts');
      process.exitCode = testRules(dir, lines);
    });
  rules
    .command('backtest')
    .description('Compare a draft with the published rules on the calls stored in the database, with precision and recall from reviewers\' verdicts / 规则回测')
    .option('--rules <dir>', 'the draft rules directory', 'rules')
    .option('--since <date>', 'calls started on or after (2026-11-01, or a date-time with offset)')
    .option('--until <date>', 'calls started before the end of this day (or before this date-time)')
    .option('--bank <bank>', 'only this bank\'s calls')
    .option('--language <lang>', 'only this language (zh-CN | en-US)')
    .option('--samples <n>', 'added / removed findings shown per rule', '5')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { rules: string; since?: string; until?: string; bank?: string; language?: string; samples: string; json?: boolean }) => {
      const { backtestCommand } = await import('./backtest-command.ts');
      process.exitCode = await backtestCommand(opts, lines);
    });
  addPublishCommands(program, rules);
  program
    .command('scan')
    .description("Scan transcript JSON files with the pack of each call's language / 扫描通话转写")
    .option('--rules <dir>', 'rules directory', 'rules')
    .option('--format <format>', 'table (for people) or jsonl (one finding per line)', 'table')
    .argument('<files...>', 'transcript JSON files (docs/transcript-format.md)')
    .action(async (files: string[], opts: { rules: string; format: string }) => {
      const { scanCommand } = await import('./rules-commands.ts');
      process.exitCode = scanCommand(files, opts, lines);
    });
}

/** src/cli/publish-commands.ts */
function addPublishCommands(program: Command, rules: Command): void {
  rules
    .command('publish')
    .argument('<dir>', 'rules directory (zh-CN/, en-US/) or one pack directory')
    .requiredOption('-m, --message <message>', 'why the rules change (kept with the version and in the audit log)')
    .description('Publish a pack to the database after lint and examples; workers reload it without a restart / 发布规则')
    .action(async (dir: string, opts: { message: string }) => {
      const { publishCommand } = await import('./publish-commands.ts');
      process.exitCode = await publishCommand(dir, opts, lines);
    });
  rules
    .command('rollback')
    .argument('<version>', 'a published version: its number (12 or v12) or content hash (8+ hex digits)')
    .option('-m, --message <message>', 'why (kept in the history and the audit log)')
    .description('Make an earlier published version active again / 回滚规则')
    .action(async (ref: string, opts: { message?: string }) => {
      const { rollbackCommand } = await import('./publish-commands.ts');
      process.exitCode = await rollbackCommand(ref, opts, lines);
    });
  program
    .command('rescan')
    .description('Scan and triage stored calls again with the published rule versions / 用新规则重新质检')
    .requiredOption('--since <date>', 'calls started at or after (2026-11-01, or a time with offset)')
    .option('--until <date>', 'calls started before')
    .option('--bank <bank>', 'only this bank')
    .option('--language <lang>', 'only zh-CN or en-US calls')
    .action(async (opts: { since: string; until?: string; bank?: string; language?: string }) => {
      const { rescanCommand } = await import('./publish-commands.ts');
      process.exitCode = await rescanCommand(opts, lines);
    });
}

/** src/cli/probe-command.ts and src/cli/transcribe-command.ts */
function addAudioCommands(program: Command): void {
  program
    .command('probe')
    .description('Check recordings: format, channels, length, silent sides, or why they cannot be used / 录音检查')
    .option('--layout <layout>', `which channel is the agent: ${CHANNEL_LAYOUTS.join(', ')}`, DEFAULT_CHANNEL_LAYOUT)
    .option('--json', 'one JSON object per file', false)
    .argument('<files...>', 'recordings (WAV, MP3, AMR, M4A, Opus, …)')
    .action(async (files: string[], opts: { layout: string; json: boolean }) => {
      const { probeFiles } = await import('./probe-command.ts');
      process.exitCode = await probeFiles(files, opts, lines);
    });
  program
    .command('transcribe')
    .description('Transcribe one recording into transcript JSON on stdout / 录音转写')
    .argument('<audio>', 'recording (WAV, MP3, AMR, M4A, Opus, …)')
    .option('--engine <engine>', `${ASR_ENGINES.join(' | ')} (default: ASR_ENGINE, else auto)`)
    .option('--model <path>', 'whisper ggml model file (default: WHISPER_MODEL)')
    .option('--language <lang>', 'the call’s language without metadata (zh | en), and whisper’s: auto = the call’s (default: WHISPER_LANGUAGE)')
    .option('--meta <file>', 'call metadata JSON (default: <audio>.meta.json or <name>.meta.json beside the recording; none: id from the file name, the rest unknown)')
    .option('--sidecar <file>', 'delivered transcript for the sidecar engine (default: <audio>.transcript.json)')
    .action(async (audio: string, opts: { engine?: string; model?: string; language?: string; meta?: string; sidecar?: string }) => {
      const { transcribeCommand } = await import('./transcribe-command.ts');
      process.exitCode = await transcribeCommand({ audio, ...opts }, { out: (t) => process.stdout.write(t), err: lines.err });
    });
}

/** src/cli/pipeline-commands.ts */
function addPipelineCommands(program: Command): void {
  program
    .command('ingest')
    .description('Register recordings, dialer records and delivered transcripts and queue them (server mode) / 录音入库')
    .argument('<paths...>', 'recordings, transcript JSON files, metadata files or directories')
    .option('--meta <file>', 'calls.csv or calls.json with the calls\' metadata (repeatable)', collect, [])
    .option('--replace', 'the paths are fixed delivered transcripts of failed calls: replace the stored ones (audited), then `callguard retry` / 替换失败通话的转写稿')
    .action(async (paths: string[], opts: { meta: string[]; replace?: boolean }) => {
      const { ingestCommand } = await import('./pipeline-commands.ts');
      await ingestCommand(paths, opts);
    });
  program
    .command('analyze')
    .description('Ingest, transcribe, scan and triage calls in this process, then print calls, findings and cases / 本地分析')
    .argument('<paths...>', 'recordings, transcript JSON files, metadata files or directories')
    .option('--meta <file>', 'calls.csv or calls.json with the calls\' metadata (repeatable)', collect, [])
    .option('--json', 'print the report as JSON instead of tables')
    .action(async (paths: string[], opts: { meta: string[]; json?: boolean }) => {
      const { analyzeCommand } = await import('./pipeline-commands.ts');
      await analyzeCommand(paths, opts);
    });
  program
    .command('worker')
    .description('Run pipeline workers on the queues (server mode) / 启动处理进程')
    .option('--queues <list>', `comma-separated stages to serve (${STAGE_NAMES.join(', ')}); default WORKER_QUEUES or all`)
    .option('--concurrency <list>', 'per-stage concurrency, e.g. transcribe=2,scan=16')
    .action(async (opts: { queues?: string; concurrency?: string }) => {
      const { workerCommand } = await import('./pipeline-commands.ts');
      await workerCommand(opts);
    });
  program
    .command('status')
    .description('Calls per status, queue depths and every failed call with its reason / 运行状态')
    .option('--json', 'print JSON')
    .option('--dismiss-refused <ids...>', 'take refused metadata rows (the id column) off the list without fixing them / 忽略被拒绝的元数据行')
    .action(async (opts: { json?: boolean; dismissRefused?: string[] }) => {
      const { statusCommand } = await import('./pipeline-commands.ts');
      await statusCommand(opts);
    });
  program
    .command('retry')
    .description('Put failed calls back into the pipeline once the cause is fixed / 重试失败的通话')
    .argument('[callIds...]', 'the calls to retry; none = every failed call')
    .action(async (callIds: string[]) => {
      const { retryCommand } = await import('./pipeline-commands.ts');
      await retryCommand(callIds);
    });
  program
    .command('requeue-stalled')
    .description('Queue again the unfinished calls no job will move (e.g. after Redis lost its data) / 重新排队停滞的通话')
    .option('--older-than <duration>', 'unmoved for longer than this (90s, 10m, 2h; never less than the next stage\'s timeout); default STALLED_AFTER_SECONDS')
    .option('--dry-run', 'only list what would be queued')
    .option('--json', 'print JSON')
    .action(async (opts: { olderThan?: string; dryRun?: boolean; json?: boolean }) => {
      const { requeueStalledCommand } = await import('./pipeline-commands.ts');
      await requeueStalledCommand(opts);
    });
  program
    .command('watch')
    .description('Take recordings from a drop folder once they are complete / 监听投递目录')
    .argument('<dir>', 'the folder the dialer writes recordings into')
    .option('--poll-ms <ms>', 'how often to look (a file is taken when unchanged across two looks, or with a .done marker)', '2000')
    .option('--metadata-wait-ms <ms>', 'how long a complete recording waits for its .meta.json or transcript before it is refused (default: three polls)')
    .action(async (dir: string, opts: { pollMs: string; metadataWaitMs?: string }) => {
      const { watchCommand } = await import('./pipeline-commands.ts');
      await watchCommand(dir, opts);
    });
}

/** src/cli/server-commands.ts */
function addServerCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the review app: API under /api and the web app / 启动质检复核系统')
    .option('--port <n>', 'port to listen on (default PORT or 8080)')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option(
      '--trust-proxy <hops|addresses>',
      'behind a TLS-terminating reverse proxy: believe X-Forwarded-For / -Proto from that many hops (1) or from these addresses / CIDR ranges (10.0.0.5,10.1.0.0/24)',
    )
    .action(async (opts: { port?: string; host: string; trustProxy?: string }) => {
      const { serveCommand } = await import('./server-commands.ts');
      await serveCommand(opts);
    });
  const users = program.command('users').description('Review app accounts / 用户管理');
  users
    .command('add')
    .description('Create an account (or reset its password with --reset); the password is read from stdin')
    .argument('<username>')
    .requiredOption('--role <role>', `one of ${ROLE_NAMES.join(', ')}`)
    .option('--name <display>', 'display name')
    .option('--banks <list>', 'comma-separated banks whose calls the user sees (default: all)')
    .option('--reset', 'the account exists: set its role, banks and a new password, and sign it out')
    .option('--email <address>', 'where notifications reach the user (docs/notifications.md)')
    .action(async (username: string, opts: { role: string; name?: string; banks?: string; reset?: boolean; email?: string }) => {
      const { addUserCommand } = await import('./server-commands.ts');
      await addUserCommand(username, opts);
    });
}

/** src/cli/db-commands.ts */
function addDbCommands(program: Command): void {
  const db = program.command('db').description('Database schema / 数据库');
  db.command('migrate')
    .description('Apply every pending migration (forward-only)')
    .action(async () => {
      const { dbMigrateCommand } = await import('./db-commands.ts');
      await dbMigrateCommand();
    });
  db.command('status')
    .description('List migrations: applied or pending')
    .action(async () => {
      const { dbStatusCommand } = await import('./db-commands.ts');
      await dbStatusCommand();
    });
  db.command('week-zone [zone]')
    .description('Show, or set, the time zone whose Monday 00:00 starts every week of the dashboards, scorecards and QA sample (an IANA name, e.g. Asia/Shanghai or UTC); setting it rebuilds the weekly rollups; run as the schema owner / 周起始时区')
    .action(async (zone: string | undefined) => {
      const { dbWeekZoneCommand } = await import('./db-commands.ts');
      await dbWeekZoneCommand(zone);
    });
  db.command('grant-runtime <role>')
    .description('Give the runtime role (serve, workers) what it needs and no more: INSERT/SELECT only on the audit log; run as the schema owner after migrating')
    .action(async (role: string) => {
      const { dbGrantRuntimeCommand } = await import('./db-commands.ts');
      await dbGrantRuntimeCommand(role);
    });
}

/** src/cli/audit-commands.ts */
function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The review app\'s audit log / 审计日志');
  audit
    .command('verify')
    .description('Check the audit log\'s hash chain; report the first broken link / 校验审计日志哈希链')
    .action(async () => {
      const { auditVerifyCommand } = await import('./audit-commands.ts');
      await auditVerifyCommand();
    });
}

/** src/cli/qa-commands.ts */
function addQaCommands(program: Command): void {
  const qa = program.command('qa').description('The QA floor / 质检工作台');
  qa
    .command('sample')
    .description("Draw a week's random sample of unflagged calls per agent (once per week) / 抽检未标记通话")
    .option('--week <monday>', 'the Monday of the week, YYYY-MM-DD (default: the last complete week)')
    .option('--seed <seed>', 'reproduce a draw (default: the week itself)')
    .action(async (opts: { week?: string; seed?: string }) => {
      const { qaSampleCommand } = await import('./qa-commands.ts');
      await qaSampleCommand(opts);
    });
}

/** src/cli/retention-commands.ts */
function addRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('Retention periods, legal holds and the purge (rules/retention.yaml) / 数据保留期与清理');
  retention
    .command('report')
    .description('What a purge would remove now and within the coming days, per bank and kind')
    .option('--days <list>', 'comma-separated horizons in days', '30,90,365')
    .action(async (opts: { days: string }) => {
      const { retentionReportCommand } = await import('./retention-commands.ts');
      await retentionReportCommand(opts);
    });
  retention
    .command('purge')
    .description('Delete what is due now (held data never); safe to run twice or beside the workers\' daily purge')
    .option('--batch <n>', 'rows per transaction', '500')
    .action(async (opts: { batch: string }) => {
      const { retentionPurgeCommand } = await import('./retention-commands.ts');
      await retentionPurgeCommand(opts);
    });
}

/** src/cli/bundle-commands.ts */
function addBundleCommands(program: Command): void {
  program.command('bundle').description('Evidence bundles for the bank / 证据包')
    .command('verify <file>')
    .description('Check an evidence bundle against its manifest (SHA-256 of every file) / 校验证据包')
    .action(async (file: string) => {
      const { bundleVerifyCommand } = await import('./bundle-commands.ts');
      await bundleVerifyCommand(file);
    });
}
