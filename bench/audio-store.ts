/**
 * The S3-compatible audio store against the directory store, measured in the same run:
 *
 * 1. store throughput: --objects recordings of --mb MiB each, put then downloaded (hash-verified),
 *    --width at a time, --rounds times per store; medians of MB/s and objects/s;
 * 2. the pipeline with recordings: --calls calls per run (distinct generated 8 kHz stereo WAVs of
 *    --seconds s with delivered transcripts) through ingest → decode → transcribe → scan → triage,
 *    in process, --lanes calls at a time, runs alternating between the stores, --rounds each;
 *    medians of calls/s. Every stage reads its recording from the store (decode and transcribe
 *    download it), so this is where a remote store costs.
 *
 * The S3 store runs against s3rver on 127.0.0.1 (a temp directory): the network cost is loopback
 * HTTP and s3rver's own work, not a real network's latency.
 *
 *   npx tsx bench/audio-store.ts [--objects 40] [--mb 1] [--width 8] [--calls 24] [--seconds 8] [--lanes 4] [--rounds 3]
 *
 * Needs the local PostgreSQL (CALLGUARD_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres);
 * creates its own database and removes it afterwards.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createTranscriber } from '../src/asr/create-transcriber.ts';
import { encodeWav } from '../src/audio/wav.ts';
import { loadConfig } from '../src/config.ts';
import { registerBatch } from '../src/pipeline/intake/ingest-batch.ts';
import type { CallInput } from '../src/pipeline/intake/register-call.ts';
import type { PipelineDeps } from '../src/pipeline/pipeline-deps.ts';
import { RulePackSource } from '../src/pipeline/rule-pack-source.ts';
import { createJobTable } from '../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../src/pipeline/transport/local-runner.ts';
import { createGiveUpHandler, createStageHandlers } from '../src/pipeline/transport/stage-handlers.ts';
import type { AudioStore } from '../src/store/audio-store.ts';
import { DirectoryAudioStore } from '../src/store/directory-audio-store.ts';
import { connectDatabase, migrate, type Db } from '../src/store/index.ts';
import { createS3Client, S3AudioStore } from '../src/store/s3-audio-store.ts';
import { StageStatements } from '../src/store/stage-statements.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server } from '../test/helpers/s3-server.ts';
import { median, option } from './lib/timing.ts';
import { inParallel } from './lib/child-processes.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

const objects = Number(option('objects', '40'));
const mib = Number(option('mb', '1'));
const width = Number(option('width', '8'));
const calls = Number(option('calls', '24'));
const seconds = Number(option('seconds', '8'));
const lanes = Number(option('lanes', '4'));
const rounds = Number(option('rounds', '3'));
const logger = pino({ level: 'warn' }, pino.destination(2));

let seed = 1;
/** Distinct bytes for every object and recording, so every put stores something new. */
function noise(bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed++ * 2654435761;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}


interface Rates { putMBs: number; putObjs: number; getMBs: number; getObjs: number }

async function storeRound(store: AudioStore, dir: string): Promise<Rates> {
  const files: string[] = [];
  for (let i = 0; i < objects; i++) {
    const f = path.join(dir, `obj-${seed}.bin`);
    await writeFile(f, noise(mib * 1024 * 1024));
    files.push(f);
  }
  const shas: string[] = [];
  let t0 = performance.now();
  await inParallel(files, width, async (f) => shas.push((await store.put(f)).sha256));
  const putS = (performance.now() - t0) / 1000;
  const out = path.join(dir, `got-${seed}`);
  await mkdir(out);
  t0 = performance.now();
  await inParallel(shas, width, (sha) => store.download(sha, path.join(out, sha)));
  const getS = (performance.now() - t0) / 1000;
  await Promise.all([...files.map((f) => rm(f)), rm(out, { recursive: true })]);
  const mb = (objects * mib * 1024 * 1024) / 1e6;
  return { putMBs: mb / putS, putObjs: objects / putS, getMBs: mb / getS, getObjs: objects / getS };
}

/** Distinct stereo recordings of `seconds` s with the zh-abusive fixture's transcript delivered beside each. */
async function pipelineCalls(dir: string, run: string): Promise<CallInput[]> {
  const src = JSON.parse(await readFile('fixtures/calls/zh-abusive.transcript.json', 'utf8')) as { call: Record<string, unknown>; segments: { endMs: number }[] };
  // The transcript fits the recording: segments past its end would be a truncated call.
  const segments = src.segments.filter((s) => s.endMs <= seconds * 1000);
  const out: CallInput[] = [];
  for (let i = 0; i < calls; i++) {
    const pcm = new Int16Array(noise(seconds * 8000 * 2 * 2).buffer.slice(0)).map((v) => v >> 4);
    const audioPath = path.join(dir, `${run}-${i}.wav`);
    await writeFile(audioPath, encodeWav(pcm, 8000, 2));
    const call = { ...src.call, id: `${run}-${i}`, borrowerId: `${run}-B${i % 6}`, durationMs: seconds * 1000 };
    out.push({ meta: call as CallInput['meta'], audioPath, transcriptText: JSON.stringify({ ...src, segments, call }) });
  }
  return out;
}

async function pipelineRun(db: Db, store: AudioStore, dir: string, run: string): Promise<{ callsPerSecond: number; registerPerSecond: number }> {
  const inputs = await pipelineCalls(dir, run);
  const work = path.join(dir, `work-${run}`);
  await mkdir(work);
  const deps: PipelineDeps = {
    db, statements: new StageStatements(db), audio: store, rules: new RulePackSource('rules'),
    engine: createTranscriber(loadConfig({ ASR_ENGINE: 'sidecar' }), logger), logger, tempDir: work,
  };
  let t0 = performance.now();
  const batch = await registerBatch(deps, { calls: inputs, problems: [], unreferenced: [] });
  const registerS = (performance.now() - t0) / 1000;
  if (!batch.outcomes.every((o) => o.kind === 'new')) throw new Error(`${run}: not every call was new`);
  const byLane = Array.from({ length: lanes }, (_, l) => batch.start.filter((_, i) => i % lanes === l));
  const handlers = createStageHandlers(deps);
  const giveUp = createGiveUpHandler(deps);
  t0 = performance.now();
  const results = await Promise.all(byLane.map((start) => runCallsLocally(handlers, giveUp, start, { table: createJobTable({ cores: 2 }), logger, retryDelayMs: 50 })));
  const runS = (performance.now() - t0) / 1000;
  const failed = results.flatMap((m) => [...m.entries()].filter(([, reason]) => reason !== null));
  if (failed.length > 0) throw new Error(`${run}: ${failed.length} call(s) failed, e.g. ${failed[0]![0]}: ${failed[0]![1]}`);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE id LIKE $1 AND status = 'done'`, [`${run}-%`]);
  if (rows[0]!.n !== calls) throw new Error(`${run}: ${rows[0]!.n} of ${calls} calls done`);
  await rm(work, { recursive: true, force: true });
  return { callsPerSecond: calls / runS, registerPerSecond: calls / registerS };
}

const fmt = (v: number, d = 1) => v.toFixed(d).padStart(8);

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'cg-bench-audio-'));
  const s3 = await startS3Server();
  const scratchDb = await createScratchDatabase();
  const db = connectDatabase(scratchDb.url, { maxConnections: 8 });
  const s3Store = new S3AudioStore({ client: createS3Client({ endpoint: s3.endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: 'bench/' });
  const stores: Array<[string, AudioStore]> = [['directory', new DirectoryAudioStore(path.join(scratch, 'audio'))], ['s3 (s3rver)', s3Store]];
  try {
    await migrate(db);
    console.log(`audio-store bench: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at start`);

    // 1. Store throughput, rounds interleaved so both stores see the same moments of a shared machine.
    const rates = new Map<string, Rates[]>(stores.map(([n]) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, store] of stores) {
        const dir = path.join(scratch, `round-${r}-${name.replace(/\W/g, '')}`);
        await mkdir(dir);
        rates.get(name)!.push(await storeRound(store, dir));
        await rm(dir, { recursive: true, force: true });
      }
    }
    console.log('');
    console.log(`store throughput: ${objects} objects × ${mib} MiB, ${width} at a time, median of ${rounds} rounds`);
    console.log('  store          put MB/s  put obj/s  get MB/s  get obj/s');
    const med = (name: string, k: keyof Rates) => median(rates.get(name)!.map((x) => x[k]));
    for (const [name] of stores) {
      console.log(`  ${name.padEnd(13)}${fmt(med(name, 'putMBs'))}  ${fmt(med(name, 'putObjs'))} ${fmt(med(name, 'getMBs'))}  ${fmt(med(name, 'getObjs'))}`);
    }
    const [dirName, s3Name] = [stores[0]![0], stores[1]![0]];
    console.log(`  s3 / directory: put ${((med(s3Name, 'putMBs') / med(dirName, 'putMBs')) * 100).toFixed(0)} %, get ${((med(s3Name, 'getMBs') / med(dirName, 'getMBs')) * 100).toFixed(0)} %`);

    // 2. The pipeline with recordings, runs alternating between the stores.
    const runs = new Map<string, { callsPerSecond: number; registerPerSecond: number }[]>(stores.map(([n]) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, store] of stores) {
        const dir = path.join(scratch, `pipe-${r}-${name.replace(/\W/g, '')}`);
        await mkdir(dir);
        runs.get(name)!.push(await pipelineRun(db, store, dir, `r${r}${name.slice(0, 2)}`));
        await rm(dir, { recursive: true, force: true });
      }
    }
    console.log('');
    console.log(`pipeline: ${calls} calls of ${seconds} s (8 kHz stereo WAV, delivered transcripts) per run, ${lanes} at a time, ingest → decode → transcribe → scan → triage; median of ${rounds} runs per store`);
    console.log('  store          register calls/s  pipeline calls/s');
    const pmed = (name: string, k: 'callsPerSecond' | 'registerPerSecond') => median(runs.get(name)!.map((x) => x[k]));
    for (const [name] of stores) console.log(`  ${name.padEnd(13)}${fmt(pmed(name, 'registerPerSecond'), 2).padStart(18)}${fmt(pmed(name, 'callsPerSecond'), 2).padStart(18)}`);
    const share = pmed(s3Name, 'callsPerSecond') / pmed(dirName, 'callsPerSecond');
    console.log(`  s3 / directory: ${(share * 100).toFixed(0)} % of the directory store's calls/s (target ≥ 80 %)${share >= 0.8 ? '' : '  BELOW TARGET'}`);
    console.log(`load average ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    s3Store.close();
    await db.close();
    await scratchDb.drop();
    await s3.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
