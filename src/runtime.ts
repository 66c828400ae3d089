import { closeEngine, createTranscriber } from './asr/create-transcriber.ts';
import { openProcessWorkDir, type ProcessWorkDir } from './audio/process-work-dir.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createJobTable, type JobName, type JobTable } from './pipeline/transport/job-table.ts';
import type { LocalRunOptions } from './pipeline/transport/local-runner.ts';
import type { PipelineDeps } from './pipeline/pipeline-deps.ts';
import { PipelineQueues, redisConnectionFromUrl, type QueueConnection } from './pipeline/transport/queues.ts';
import { RulePackSource } from './pipeline/rule-pack-source.ts';
import { createGiveUpHandler, createStageHandlers } from './pipeline/transport/stage-handlers.ts';
import { StageStatements } from './store/stage-statements.ts';
import type { Dispatch, Dispatcher } from './pipeline/transport/dispatch.ts';
import { createInProcessDispatcher } from './pipeline/transport/in-process-dispatcher.ts';
import { createQueueDispatcher } from './pipeline/transport/queue-dispatcher.ts';
import type { AudioStore } from './store/audio-store.ts';
import { audioDirectory, closeAudioStore, openAudioStore } from './store/open-audio-store.ts';
import { migrate, openDatabase, type Db } from './store/index.ts';

/**
 * The one place that wires callguard together: the database (DATABASE_URL, else the embedded one
 * under the data directory), migrated; the audio store; the queues (server mode: DATABASE_URL and
 * REDIS_URL) or the in-process runner (embedded mode); the rule packs and the speech engine where
 * the stages run in this process. Commands, the review app's server and the worker process open a
 * runtime and hand jobs to `dispatch` without knowing which transport carries them.
 */

/** What every command needs: the database, where recordings are kept, the logger. */
export interface RuntimeDeps {
  db: Db;
  audio: AudioStore;
  logger: Logger;
}

export interface Runtime {
  /** 'queue' in server mode (unless asked to run in-process), else 'in-process'. */
  transport: Dispatcher['kind'];
  deps: RuntimeDeps;
  /** Queued (server mode) or run here (embedded mode). */
  dispatch: Dispatch;
  table: JobTable;
  /** The queues (server mode); undefined when the stages run in-process. */
  queues: PipelineQueues | undefined;
  /** The queues' connection, for BullMQ workers (server mode). */
  queueConnection: QueueConnection | undefined;
  /** What the stages need: the rule packs (checked on load) and the speech engine, opened on first use. */
  stageDeps(): Promise<PipelineDeps>;
  /** Waits for in-process runs, then closes the queues, the engine and the database. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * 'auto' (default): queues in server mode, in-process otherwise. 'queue': server mode required.
   * 'in-process': the stages run here whatever is configured (`callguard analyze`).
   */
  transport?: 'auto' | 'queue' | 'in-process';
  /**
   * Where the stages run in this process: load the rule packs and the engine now, so an invalid
   * rule stops the start, not the hundredth call (else on the first dispatch).
   */
  checkStagesAtStart?: boolean;
  /** Most pooled PostgreSQL connections (server database). */
  maxConnections?: number;
  /** Per-stage concurrency overrides for the job table. */
  concurrency?: Partial<Record<JobName, number>>;
  /** For the in-process runner: progress callbacks, retry delay, and whether a dispatch waits for its run. */
  inProcess?: Omit<LocalRunOptions, 'table' | 'logger'> & { background?: boolean };
}

/**
 * Where the directory store keeps recordings: `${CALLGUARD_DATA_DIR}/audio` (a shared file system when
 * workers run on several machines, unless AUDIO_STORE puts them in object storage).
 */
export function audioRoot(config: Pick<Config, 'CALLGUARD_DATA_DIR'>): string {
  return audioDirectory(config);
}

export function isServerMode(config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL'>): boolean {
  return Boolean(config.DATABASE_URL && config.REDIS_URL);
}

export async function openRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const wanted = options.transport ?? 'auto';
  const server = isServerMode(config);
  if (wanted === 'queue' && !server) {
    throw new Error('server mode needs DATABASE_URL and REDIS_URL; on one machine without them use `callguard analyze`');
  }
  const transport = wanted === 'in-process' || !server ? 'in-process' : 'queue';
  const table = createJobTable(options.concurrency ? { concurrency: options.concurrency } : {});
  const checkStages = transport === 'in-process' && options.checkStagesAtStart === true;
  // Rules first: a broken pack is reported before a database is opened (or an embedded one started).
  const rules = checkStages ? loadRules(config, logger) : undefined;
  const audio = await openAudioStore(config);
  const db = await openDatabase(config, options.maxConnections ? { maxConnections: options.maxConnections } : {});
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const deps: RuntimeDeps = { db, audio, logger };
  let stages: PipelineDeps | undefined;
  let workDir: Promise<ProcessWorkDir> | undefined;
  const stageDeps = async (): Promise<PipelineDeps> => {
    if (stages) return stages;
    // The stages' temp files (decoded call audio) go to this process's own directory; opening it
    // first removes those left by processes killed mid-call on this host.
    const opening = (workDir ??= openWorkDir(config, logger));
    try {
      const tempDir = (await opening).dir;
      stages ??= {
        db, statements: new StageStatements(db), audio: deps.audio, rules: rules ?? loadRules(config, logger),
        engine: createTranscriber(config, logger, { tempDir }), logger, tempDir,
      };
    } catch (err) {
      // A bad rule pack or engine setting: no directory stays behind, and the next call tries anew.
      if (workDir === opening) workDir = undefined;
      await opening.then((w) => w.remove(), () => undefined);
      throw err;
    }
    return stages;
  };
  if (checkStages) await stageDeps().catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  // Queues only where this process hands jobs to them: `analyze` beside a configured Redis leaves it alone.
  const queueConnection = transport === 'queue' ? { connection: redisConnectionFromUrl(config.REDIS_URL!), prefix: config.CALLGUARD_QUEUE_PREFIX } : undefined;
  const queues = queueConnection ? new PipelineQueues(table, queueConnection) : undefined;
  const dispatcher = transport === 'queue'
    ? createQueueDispatcher(queues!)
    : createInProcessDispatcher(async () => {
      const d = await stageDeps();
      return { handlers: createStageHandlers(d), onGiveUp: createGiveUpHandler(d) };
    }, { table, logger, ...options.inProcess });
  let closing: Promise<void> | undefined;
  return {
    transport,
    deps,
    dispatch: dispatcher.dispatch,
    table,
    queues,
    queueConnection,
    stageDeps,
    close() {
      closing ??= (async () => {
        try {
          await dispatcher.close();
          await queues?.close();
          if (stages) await closeEngine(stages.engine);
        } finally {
          try {
            if (workDir) await (await workDir).remove();
          } finally {
            closeAudioStore(deps.audio);
            await db.close();
          }
        }
      })();
      return closing;
    },
  };
}

async function openWorkDir(config: Pick<Config, 'CALLGUARD_WORK_DIR'>, logger: Logger): Promise<ProcessWorkDir> {
  let opened: ProcessWorkDir;
  try {
    opened = await openProcessWorkDir(config.CALLGUARD_WORK_DIR);
  } catch (err) {
    throw new Error(`cannot use the work directory CALLGUARD_WORK_DIR=${config.CALLGUARD_WORK_DIR}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (opened.swept.length > 0) logger.info({ workDir: config.CALLGUARD_WORK_DIR, removed: opened.swept.length }, 'removed temp directories of stopped processes');
  return opened;
}

function loadRules(config: Config, logger: Logger): RulePackSource {
  const rules = new RulePackSource(config.CALLGUARD_RULES_DIR, undefined, (packHash, language, err) => {
    logger.error({ language, pack: packHash.slice(0, 12), err: err.message }, 'published rule pack does not load here: scanning with the previous version');
  });
  rules.loadDirectory();
  return rules;
}
