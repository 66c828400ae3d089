import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseTrustProxy } from '../api/trust-proxy.ts';
import { DEFAULT_API_OPTIONS, type IngestUpload } from '../api/api-deps.ts';
import { hashPassword } from '../api/auth/password.ts';
import { passwordProblem } from '../api/auth/password-policy.ts';
import { insertAuditEvent } from '../store/review-app/audit-events.ts';
import { deleteSessionsOfUser } from '../store/review-app/sessions.ts';
import { findUserByUsername, insertUser, updateUser } from '../store/review-app/users.ts';
import { RoleSchema, ROLES } from '../api/roles.ts';
import { buildServer } from '../api/server.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { ingestUpload } from '../pipeline/ingest-batch.ts';
import { createJobTable, JOB_NAMES } from '../pipeline/job-table.ts';
import { runCallsLocally } from '../pipeline/local-runner.ts';
import { audioRoot, openPipeline } from '../pipeline/open-pipeline.ts';
import { PipelineQueues, redisConnectionFromUrl } from '../pipeline/queues.ts';
import { createGiveUpHandler, createStageHandlers } from '../pipeline/stage-handlers.ts';
import { loadPolicy } from '../rules/index.ts';
import { AudioNotFoundError, DirectoryAudioStore } from '../store/audio-store.ts';
import { migrate, openDatabase } from '../store/index.ts';

/** The built review app, beside the sources: web/dist (npm run build:web). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * `callguard serve`: the review app (API + SPA) on the configured database, uploads going through
 * the pipeline (queued in server mode, run in-process in embedded mode). `callguard users add`:
 * accounts, since the first admin cannot be created through the app.
 */
export function registerServerCommands(program: Command): void {
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
      const trustProxy = opts.trustProxy === undefined ? false : parseTrustProxy(opts.trustProxy);
      const config = loadConfig();
      const logger = createLogger(config.LOG_LEVEL);
      const port = opts.port ? Number(opts.port) : config.PORT;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${opts.port}`);
      const pipeline = await openPipeline(config, logger);
      const { deps } = pipeline;
      const audioStore = new DirectoryAudioStore(audioRoot(config));
      const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, 'policy.yaml'));
      const queues = config.REDIS_URL
        ? new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(config.REDIS_URL), prefix: config.CALLGUARD_QUEUE_PREFIX })
        : undefined;
      // Embedded mode has no workers: uploaded calls run through the stages here, one at a time.
      let localRun: Promise<unknown> = Promise.resolve();
      const upload: IngestUpload = async ({ audioPath, meta, phone, transcriptText }) => {
        const input = { meta, audioPath, ...(phone ? { phone } : {}), ...(transcriptText !== undefined ? { transcriptText } : {}) };
        const outcome = await ingestUpload(deps, input, async (jobs) => {
          if (queues) {
            await queues.enqueueMany('ingest', jobs.map((j) => ({ callId: j.payload.callId })));
            return;
          }
          localRun = localRun.then(() =>
            runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), jobs, { table: createJobTable(), logger }).catch((err: unknown) =>
              logger.error({ err }, 'in-process pipeline run failed'),
            ),
          );
        });
        return outcome;
      };
      const app = await buildServer({
        db: deps.db,
        logger,
        ingestUpload: upload,
        ...(queues ? { boardQueues: JOB_NAMES.map((n) => queues.queue(n)) } : {}),
        locateAudio: async (call) => {
          if (!call.audioSha256) return undefined;
          try {
            return await audioStore.localPath(call.audioSha256);
          } catch (err) {
            if (err instanceof AudioNotFoundError) return undefined;
            throw err;
          }
        },
        options: {
          ...DEFAULT_API_OPTIONS,
          trustProxy,
          playableCacheDir: path.join(config.CALLGUARD_DATA_DIR, 'playable'),
          webDist: existsSync(path.join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined,
          firstResponseHours: policy.ok ? policy.policy.first_response_hours : DEFAULT_API_OPTIONS.firstResponseHours,
          severityWeights: policy.ok ? policy.policy.severity_weights : DEFAULT_API_OPTIONS.severityWeights,
        },
      });
      if (!existsSync(path.join(WEB_DIST, 'index.html'))) logger.warn('web/dist is missing: run `npm run build:web` to serve the review app (the API works without it)');
      const stop = async () => {
        await app.close();
        await localRun;
        await queues?.close();
        await pipeline.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port, host: opts.host });
      process.stderr.write(`callguard review app on ${address} (${deps.db.mode} database)\n`);
    });

  const users = program.command('users').description('Review app accounts / 用户管理');
  users
    .command('add')
    .description('Create an account (or reset its password with --reset); the password is read from stdin')
    .argument('<username>')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display>', 'display name')
    .option('--banks <list>', 'comma-separated banks whose calls the user sees (default: all)')
    .option('--reset', 'the account exists: set its role, banks and a new password, and sign it out')
    .action(async (username: string, opts: { role: string; name?: string; banks?: string; reset?: boolean }) => {
      const role = RoleSchema.safeParse(opts.role);
      if (!role.success) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
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
          if (existing) {
            const u = (await updateUser(tx, existing.id, { role: role.data, banks, passwordHash, ...(opts.name ? { displayName: opts.name } : {}) }))!;
            await deleteSessionsOfUser(tx, existing.id);
            await insertAuditEvent(tx, {
              actor, action: 'user.update', entityType: 'user', entityId: String(u.id),
              before: { role: existing.role, banks: existing.banks }, after: { role: u.role, banks: u.banks, passwordChanged: true },
            });
          } else {
            const u = await insertUser(tx, { username, role: role.data, passwordHash, displayName: opts.name ?? '', banks });
            await insertAuditEvent(tx, { actor, action: 'user.create', entityType: 'user', entityId: String(u.id), after: { username, role: u.role, banks } });
          }
        });
        process.stdout.write(`${opts.reset ? 'updated' : 'created'} ${username} (${role.data})\n`);
      } finally {
        await db.close();
      }
    });
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
