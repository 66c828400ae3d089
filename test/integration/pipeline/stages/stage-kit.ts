import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Transcript } from '../../../../src/domain/transcript.ts';
import type { SidecarSource } from '../../../../src/asr/transcriber.ts';
import { audioRoot } from '../../../../src/runtime.ts';
import type { PipelineDeps } from '../../../../src/pipeline/pipeline-deps.ts';
import { registerCall, type CallInput } from '../../../../src/pipeline/intake/register-call.ts';
import { RulePackSource } from '../../../../src/pipeline/rule-pack-source.ts';
import type { StageContext } from '../../../../src/pipeline/stage.ts';
import { StageStatements } from '../../../../src/store/stage-statements.ts';
import { DirectoryAudioStore } from '../../../../src/store/directory-audio-store.ts';
import { repositories, type StoredCall } from '../../../../src/store/index.ts';
import { useTestDatabase } from '../../../helpers/db.ts';
import { FIXTURE_DIR } from '../fixture-expectations.ts';
import { testLogger } from '../pipeline-helpers.ts';

/**
 * One stage called on its own with a payload, as a worker would call it: a real database (one per
 * file) and rule packs, and in place of the speech engine a scripted one, so each test sets up the
 * call in the state it needs and reads back what the stage wrote and what it asked to run next.
 */
export function useStageKit() {
  const t = useTestDatabase();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-stage-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const kit = {
    get db() {
      return t.db;
    },
    deps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
      return {
        db: t.db,
        statements: new StageStatements(t.db),
        audio: new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: dir })),
        rules: new RulePackSource('rules'),
        engine: scriptedSidecar(() => { throw new Error('no transcript scripted for this test'); }),
        logger: testLogger(),
        ...overrides,
      };
    },
    async register(input: CallInput): Promise<string> {
      const outcome = await registerCall(kit.deps(), input);
      if (outcome.kind !== 'new') throw new Error(`${outcome.callId}: ${outcome.kind}`);
      return outcome.callId;
    },
    async call(id: string): Promise<StoredCall> {
      const c = await repositories(t.db).calls.get(id);
      if (!c) throw new Error(`no call ${id}`);
      return c;
    },
    async setStatus(id: string, status: StoredCall['status']): Promise<void> {
      await repositories(t.db).calls.setStatus(id, status, status === 'failed' ? 'failed in an earlier try' : null);
    },
  };
  return kit;
}

export function stageContext(overrides: Partial<StageContext> = {}): StageContext {
  return { logger: testLogger(), signal: new AbortController().signal, attempt: 1, lastAttempt: false, ...overrides };
}

/** A fixture call's metadata under a new id and borrower, so the tests of one file never share a case. */
export async function fixtureMeta(fixture: string, id: string): Promise<CallInput['meta']> {
  const src = JSON.parse(await readFile(path.join(FIXTURE_DIR, `${fixture}.transcript.json`), 'utf8')) as Transcript;
  return { ...src.call, id, borrowerId: `${id}-B` } as CallInput['meta'];
}

/** A fixture's delivered transcript text for the call `meta` describes. */
export async function fixtureTranscriptText(fixture: string, meta: CallInput['meta']): Promise<string> {
  const src = JSON.parse(await readFile(path.join(FIXTURE_DIR, `${fixture}.transcript.json`), 'utf8')) as Transcript;
  return JSON.stringify({ ...src, call: meta });
}

/** A sidecar engine whose transcript (or failure) the test scripts. */
export function scriptedSidecar(read: (file: string) => Transcript | Promise<Transcript>): SidecarSource {
  return {
    kind: 'sidecar',
    name: 'sidecar',
    locate: async (recording) => `${recording}.scripted.json`,
    read: async (file) => read(file),
  };
}
