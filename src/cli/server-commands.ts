import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseTrustProxy } from '../api/trust-proxy.ts';
import { DEFAULT_API_OPTIONS, type IngestUpload } from '../api/api-deps.ts';
import { hashPassword } from '../api/auth/password.ts';
import { passwordProblem } from '../api/auth/password-policy.ts';
import { insertAuditEvent } from '../store/review-app/audit-events.ts';
import { deleteSessionsOfUser } from '../store/review-app/sessions.ts';
import { findUserByUsername, insertUser, updateUser } from '../store/review-app/users.ts';
import { setUserEmail } from '../store/notify/staff-addresses.ts';
import { RoleSchema, ROLES } from '../domain/role.ts';
import { buildServer } from '../api/server.ts';
import { inProcessBacktestRunner, queuedBacktestRunner } from '../api/backtest-runner.ts';
import { openBacktestQueue } from '../pipeline/transport/backtest-queue.ts';
import { failUnfinishedBacktestRuns } from '../store/review-app/backtest-runs.ts';
import { createRetryCalls } from '../api/retry-calls.ts';
import { storeAudioLocator } from '../api/recording-source.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { ingestUpload } from '../pipeline/intake/ingest-batch.ts';
import { planRescan } from '../pipeline/operations/rescan.ts';
import { JOB_NAMES } from '../pipeline/transport/job-table.ts';
import { createCallguardMetrics } from '../pipeline/operations/metrics/pipeline-metrics.ts';
import { loadPolicy } from '../rules/index.ts';
import { packBankGroups } from '../rules/pack-bank-groups.ts';
import { normalisePhrase } from '../rules/normalise.ts';
import { startDeadlineSweeper } from '../pipeline/operations/deadline-sweeper.ts';
import { openRuntime } from '../runtime.ts';
import { startNotifier } from '../notify/notifier.ts';
import { notifySettingsFromConfig } from '../notify/notify-settings.ts';
import { systemClock } from '../domain/clock.ts';
import { letterheadFromConfig } from '../reports/agency-letterhead.ts';
import { migrate, openDatabase } from '../store/index.ts';

/** How often `serve` looks for deadlines that reached a warning threshold. */
const DEADLINE_SWEEP_INTERVAL_MS = 60_000;

/** The built review app, beside the sources: web/dist (npm run build:web). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * `callguard serve`: the review app (API + SPA) on the configured database, uploads going through
 * the pipeline (queued in server mode, run in-process in embedded mode). `callguard users add`:
 * accounts, since the first admin cannot be created through the app.
 */
export async function serveCommand(opts: { port?: string; host: string; trustProxy?: string }): Promise<void> {
  const trustProxy = opts.trustProxy === undefined ? false : parseTrustProxy(opts.trustProxy);
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const port = opts.port ? Number(opts.port) : config.PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${opts.port}`);
  // Embedded mode has no workers: uploaded calls run through the stages here, one at a time,
  // after the upload is answered.
  const runtime = await openRuntime(config, logger, { checkStagesAtStart: true, inProcess: { background: true } });
  const { deps, queues } = runtime;
  const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, 'policy.yaml'));
  const upload: IngestUpload = async ({ audioPath, meta, phone, transcriptText }) => {
    const input = { meta, audioPath, ...(phone ? { phone } : {}), ...(transcriptText !== undefined ? { transcriptText } : {}) };
    return ingestUpload(deps, input, runtime.dispatch);
  };
  // Backtests: jobs for the workers in server mode; in this process, one at a time, in embedded mode.
  const backtest = runtime.queueConnection
    ? queuedBacktestRunner(openBacktestQueue(runtime.queueConnection), config.CALLGUARD_RULES_DIR)
    : inProcessBacktestRunner(deps.db, config.CALLGUARD_RULES_DIR, logger);
  if (!runtime.queueConnection) {
    // The embedded database has one server: runs it left unfinished when it stopped will not resume.
    const abandoned = await failUnfinishedBacktestRuns(deps.db, 'the server stopped before this run finished; start it again');
    if (abandoned.length > 0) logger.warn({ runs: abandoned }, 'backtest runs left unfinished by the last server marked failed');
  }
  const deadlines = policy.ok ? policy.policy.deadlines : DEFAULT_API_OPTIONS.deadlines;
  const bankGroups = packBankGroups(config.CALLGUARD_RULES_DIR);
  const app = await buildServer({
    db: deps.db,
    logger,
    backtest,
    ingestUpload: upload,
    retryCalls: createRetryCalls(deps.db, runtime.dispatch, queues),
    rulePacks: {
      rulesDir: config.CALLGUARD_RULES_DIR,
      async rescan(filter) {
        const plan = await planRescan(deps.db, (await runtime.stageDeps()).rules, filter);
        await runtime.dispatch(plan.jobs);
        return { calls: plan.jobs.length, packs: plan.packs };
      },
    },
    metrics: {
      metrics: createCallguardMetrics({ db: deps.db, ...(queues ? { queues } : {}), processMetrics: true, deadlines, bankGroups }),
      ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}),
    },
    ...(queues ? { boardQueues: JOB_NAMES.map((n) => queues.queue(n)) } : {}),
    locateAudio: storeAudioLocator(deps.audio),
    options: {
      ...DEFAULT_API_OPTIONS,
      trustProxy,
      playableCacheDir: path.join(config.CALLGUARD_DATA_DIR, 'playable'),
      webDist: existsSync(path.join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined,
      firstResponseHours: policy.ok ? policy.policy.first_response_hours : DEFAULT_API_OPTIONS.firstResponseHours,
      deadlines,
      bankGroups,
      severityWeights: policy.ok ? policy.policy.severity_weights : DEFAULT_API_OPTIONS.severityWeights,
      reportLetterhead: letterheadFromConfig(config),
      qaSampling: policy.ok
        ? { percent: policy.policy.qa_sampling.percent, minimum: policy.policy.qa_sampling.minimum, claimMinutes: policy.policy.qa_sampling.claim_minutes }
        : DEFAULT_API_OPTIONS.qaSampling,
    },
  });
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) logger.warn('web/dist is missing: run `npm run build:web` to serve the review app (the API works without it)');
  // The complaint deadlines' warnings (embedded mode has no workers to sweep them; in server mode
  // this sweeps beside them, each event written once).
  const deadlineSweeper = startDeadlineSweeper({
    db: deps.db, logger, intervalMs: DEADLINE_SWEEP_INTERVAL_MS,
    deadlines, bankGroups,
  });
  // Case events → e-mail and webhook (also run by worker processes; one sends each message).
  const notifier = startNotifier({
    db: deps.db, clock: systemClock, logger: logger.child({ part: 'notifier' }), settings: notifySettingsFromConfig(config),
    bankGroups, normaliseBankName: normalisePhrase,
  });
  const stop = async () => {
    await deadlineSweeper.stop();
    await app.close();
    await notifier.stop();
    await backtest.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await app.listen({ port, host: opts.host });
  process.stderr.write(`callguard review app on ${address} (${deps.db.mode} database)\n`);
}

export async function addUserCommand(username: string, opts: { role: string; name?: string; banks?: string; reset?: boolean; email?: string }): Promise<void> {
  const role = RoleSchema.safeParse(opts.role);
  if (!role.success) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (opts.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new Error(`--email must be an e-mail address, not ${opts.email}`);
  const password = await readPassword();
  const problem = passwordProblem(password, username);
  if (problem) throw new Error(problem);
  const banks = opts.banks ? opts.banks.split(',').map((b) => b.trim()).filter(Boolean) : null;
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      const existing = await findUserByUsername(tx, username);
      if (existing && !opts.reset) throw new Error(`user ${username} exists (use --reset to change it)`);
      if (!existing && opts.reset) throw new Error(`no user ${username}`);
      const actor = `cli:${process.env.USER ?? 'unknown'}`;
      let userId: number;
      if (existing) {
        const u = (await updateUser(tx, existing.id, { role: role.data, banks, passwordHash, ...(opts.name ? { displayName: opts.name } : {}) }))!;
        await deleteSessionsOfUser(tx, existing.id);
        await insertAuditEvent(tx, {
          actor, action: 'user.update', entityType: 'user', entityId: String(u.id),
          before: { role: existing.role, banks: existing.banks }, after: { role: u.role, banks: u.banks, passwordChanged: true },
        });
        userId = u.id;
      } else {
        const u = await insertUser(tx, { username, role: role.data, passwordHash, displayName: opts.name ?? '', banks });
        await insertAuditEvent(tx, { actor, action: 'user.create', entityType: 'user', entityId: String(u.id), after: { username, role: u.role, banks } });
        userId = u.id;
      }
      if (opts.email !== undefined) {
        await setUserEmail(tx, username, opts.email);
        await insertAuditEvent(tx, { actor, action: 'user.email', entityType: 'user', entityId: String(userId), after: { email: opts.email } });
      }
    });
    process.stdout.write(`${opts.reset ? 'updated' : 'created'} ${username} (${role.data})\n`);
  } finally {
    await db.close();
  }
}

/** The password: the first line of stdin (piped), or typed at a prompt that does not echo it. */
async function readPassword(): Promise<string> {
  const tty = process.stdin.isTTY;
  if (tty) process.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  if (tty) process.stdin.setRawMode?.(false);
  try {
    for await (const line of rl) return line.replace(/\r$/, '');
    return '';
  } finally {
    rl.close();
    if (tty) process.stderr.write('\n');
  }
}
