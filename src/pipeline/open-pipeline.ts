import path from 'node:path';
import { closeEngine, createTranscriber } from '../asr/create-transcriber.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { DirectoryAudioStore } from '../store/audio-store.ts';
import { migrate, openDatabase } from '../store/index.ts';
import type { PipelineDeps } from './pipeline-deps.ts';
import { RulePackSource } from './rule-pack-source.ts';
import { StageStatements } from './stage-statements.ts';

export interface OpenPipeline {
  deps: PipelineDeps;
  /** Releases the engine (whisper's model), then the database (and the embedded server). */
  close(): Promise<void>;
}

/** Where recordings are kept: `${CALLGUARD_DATA_DIR}/audio` (shared storage when workers run on several machines). */
export function audioRoot(config: Pick<Config, 'CALLGUARD_DATA_DIR'>): string {
  return path.join(config.CALLGUARD_DATA_DIR, 'audio');
}

/**
 * Everything the stages need, from the configuration: the database (DATABASE_URL, else the
 * embedded one under the data directory), migrated; the audio store; the rule packs (checked
 * now: invalid rules stop the start, not the hundredth call); the speech engine.
 */
export async function openPipeline(config: Config, logger: Logger, options: { maxConnections?: number } = {}): Promise<OpenPipeline> {
  const rules = new RulePackSource(config.CALLGUARD_RULES_DIR);
  rules.loadDirectory();
  const engine = createTranscriber(config, logger);
  const db = await openDatabase(config, options.maxConnections ? { maxConnections: options.maxConnections } : {});
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const deps: PipelineDeps = { db, statements: new StageStatements(db), audio: new DirectoryAudioStore(audioRoot(config)), rules, engine, logger };
  return {
    deps,
    async close() {
      try {
        await closeEngine(engine);
      } finally {
        await db.close();
      }
    },
  };
}
