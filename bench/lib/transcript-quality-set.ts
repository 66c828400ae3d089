import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPocketsphinxTranscriber, POCKETSPHINX_COMMAND } from '../../src/asr/pocketsphinx-engine.ts';
import { findExecutable } from '../../src/asr/find-executable.ts';
import { createSidecarSource } from '../../src/asr/sidecar.ts';
import { transcribeRecording } from '../../src/asr/transcribe-recording.ts';
import type { TranscriptionEngine } from '../../src/asr/transcriber.ts';
import { countTokens, isUnreliable } from '../../src/asr/transcript-quality.ts';
import { createWhisperTranscriber } from '../../src/asr/whisper-engine.ts';
import { buildWhisperTestModel } from '../../src/asr/whisper-test-model.ts';
import { probeAudio } from '../../src/audio/probe.ts';
import { runTool } from '../../src/audio/run-tool.ts';
import type { CallMeta, Language, TranscriptQuality } from '../../src/domain/transcript.ts';
import type { Logger } from '../../src/logger.ts';

/**
 * The transcript-quality test set (docs/benchmarks.md, "Transcript quality"): each real recording run
 * through an engine that fits it and one that does not. A fitting run must not be flagged; a
 * mismatched run must be. Recordings are read where they are installed (Debian pocketsphinx-testdata,
 * ../shared/eval/audio, the repository's fixture calls) and never copied into the repository; what is
 * missing is named in `skipped`.
 */
export const POCKETSPHINX_DATA = '/usr/share/pocketsphinx/test/data';
export const EVAL_AUDIO = path.resolve(import.meta.dirname, '../../../shared/eval/audio');
const FIXTURE_CALLS = path.resolve(import.meta.dirname, '../../fixtures/calls');

export type RunEngine = 'pocketsphinx' | 'whisper-test-model' | 'sidecar';

export interface QualityRun {
  /** The row of the figures table this run counts in. */
  group: string;
  /** true: the engine fits the recording (must not be flagged); false: it does not (must be). */
  fits: boolean;
  name: string;
  engine: RunEngine;
  file: string;
  call: CallMeta;
}

export interface QualityResult {
  run: QualityRun;
  quality: TranscriptQuality;
  flagged: boolean;
  /** Words, or Chinese characters: what the rate signal counts. */
  tokens: number;
}

const LIBRIVOX = ['0870', '0880', '0890', '0920', '0930'].map((n) => `sense_and_sensibility_01_austen_64kb-${n}`);

function meta(id: string, language: Language, channelLayout: CallMeta['channelLayout'] = 'mono'): CallMeta {
  return {
    id, agentId: 'A1', borrowerId: 'B1', bank: 'First National Bank', startedAt: '2026-03-02T10:30:00-05:00',
    direction: 'outbound', firstContact: false, language, channelLayout,
  };
}

/**
 * `small`: the integration test's share (one clip per source and kind of mismatch); otherwise every
 * recording. `workDir` receives the 8 kHz copies and the delivered transcripts the set needs.
 */
export async function buildQualitySet(workDir: string, options: { small?: boolean } = {}): Promise<{ runs: QualityRun[]; skipped: string[] }> {
  await mkdir(workDir, { recursive: true });
  const runs: QualityRun[] = [];
  const skipped: string[] = [];
  const english: Array<{ name: string; file: string }> = [];
  if (existsSync(path.join(POCKETSPHINX_DATA, 'librivox'))) {
    for (const b of options.small ? [LIBRIVOX[1]!, LIBRIVOX[3]!] : LIBRIVOX) english.push({ name: `LibriVox ${b.slice(-4)}`, file: path.join(POCKETSPHINX_DATA, 'librivox', `${b}.wav`) });
  } else skipped.push(`${POCKETSPHINX_DATA}/librivox (apt-get install pocketsphinx-testdata)`);
  const librispeech = path.join(EVAL_AUDIO, 'librispeech-1995-1837-0001.wav');
  const timit = path.join(EVAL_AUDIO, 'LDC93S1.wav');
  const timit8k = path.join(EVAL_AUDIO, 'LDC93S1_pcms16le_1_8000.wav');
  const aishell = path.join(EVAL_AUDIO, 'aishell-BAC009S0724W0121.wav');
  if (existsSync(librispeech)) english.push({ name: 'LibriSpeech 1995-1837-0001', file: librispeech });
  else skipped.push(librispeech);
  if (existsSync(timit)) english.push({ name: 'TIMIT LDC93S1', file: timit });
  else skipped.push(timit);

  const ps = findExecutable(POCKETSPHINX_COMMAND) !== null;
  if (!ps) skipped.push(`${POCKETSPHINX_COMMAND} (apt-get install pocketsphinx pocketsphinx-en-us)`);
  for (const e of english) {
    if (ps) runs.push({ group: 'real English, 16 kHz → pocketsphinx', fits: true, name: e.name, engine: 'pocketsphinx', file: e.file, call: meta(`q-${runs.length}`, 'en-US') });
    // The same speech as a telephone line carries it: 8 kHz, the upper band gone.
    if (e.file === timit && existsSync(timit8k)) {
      if (ps) runs.push({ group: 'real English, 8 kHz → pocketsphinx', fits: false, name: `${e.name} (8 kHz original)`, engine: 'pocketsphinx', file: timit8k, call: meta(`q-${runs.length}`, 'en-US') });
      continue;
    }
    const narrow = path.join(workDir, `${path.basename(e.file, '.wav')}.8k.wav`);
    await runTool('sox', [e.file, '-r', '8000', narrow], { timeoutMs: 30_000 });
    if (ps) runs.push({ group: 'real English, 8 kHz → pocketsphinx', fits: false, name: `${e.name} (8 kHz)`, engine: 'pocketsphinx', file: narrow, call: meta(`q-${runs.length}`, 'en-US') });
  }
  // whisper with a model that hears nothing (the tensor-less test model: no segments at all).
  for (const e of options.small ? english.slice(-2) : english) {
    runs.push({ group: 'real English → whisper, model without weights', fits: false, name: e.name, engine: 'whisper-test-model', file: e.file, call: meta(`q-${runs.length}`, 'en-US') });
  }

  if (existsSync(aishell) && existsSync(path.join(EVAL_AUDIO, 'text'))) {
    // Mandarin speech on a line whose metadata says English: pocketsphinx answers in English words.
    if (ps) runs.push({ group: 'real Mandarin → pocketsphinx', fits: false, name: 'AISHELL-1 BAC009S0724W0121', engine: 'pocketsphinx', file: aishell, call: meta(`q-${runs.length}`, 'en-US') });
    // Its own reference text, delivered with it: the fitting "engine" for this recording.
    const reference = /aishell-BAC009S0724W0121\s+(.+)/.exec(readFileSync(path.join(EVAL_AUDIO, 'text'), 'utf8'))?.[1]?.trim();
    if (reference) {
      const call = meta(`q-${runs.length}`, 'zh-CN');
      const durationMs = (await probeAudio(aishell)).durationMs;
      const delivered = { call, segments: [{ speaker: 'unknown', startMs: 0, endMs: durationMs, text: reference }], engine: { name: 'reference' } };
      const file = path.join(workDir, 'aishell.wav');
      await writeFile(file, readFileSync(aishell));
      await writeFile(path.join(workDir, 'aishell.transcript.json'), JSON.stringify(delivered));
      runs.push({ group: 'real Mandarin → its delivered transcript', fits: true, name: 'AISHELL-1 BAC009S0724W0121', engine: 'sidecar', file, call });
    }
  } else skipped.push(aishell);

  // The repository's fixture calls (espeak-ng voices, 8 kHz stereo): their delivered reference
  // transcripts fit; pocketsphinx on their 8 kHz English does not.
  const calls = (JSON.parse(readFileSync(path.join(FIXTURE_CALLS, 'calls.json'), 'utf8')) as { calls: Array<CallMeta & { audio: string; transcript: string }> }).calls;
  for (const c of calls) {
    const { audio, transcript: _t, ...call } = c;
    runs.push({ group: 'fixture calls → their delivered transcripts', fits: true, name: c.id, engine: 'sidecar', file: path.join(FIXTURE_CALLS, audio), call });
    if (ps && c.language === 'en-US' && (!options.small || c.id === 'en-violation')) {
      runs.push({ group: 'fixture calls, 8 kHz English → pocketsphinx', fits: false, name: c.id, engine: 'pocketsphinx', file: path.join(FIXTURE_CALLS, audio), call });
    }
  }
  return { runs, skipped };
}

/** Runs the set one recording at a time (a shared machine: no parallel decoders). */
export async function runQualitySet(runs: readonly QualityRun[], workDir: string, threshold: number, logger: Logger): Promise<QualityResult[]> {
  const model = path.join(workDir, 'ggml-test-model.bin');
  await writeFile(model, buildWhisperTestModel());
  const engines = new Map<RunEngine, TranscriptionEngine>();
  const engine = (name: RunEngine): TranscriptionEngine => {
    let e = engines.get(name);
    if (!e) {
      e = name === 'pocketsphinx'
        // Generous deadline: on a loaded machine pocketsphinx has run at 20× real time.
        ? createPocketsphinxTranscriber(logger, { timeoutFactor: 60 })
        : name === 'whisper-test-model' ? createWhisperTranscriber(logger, { modelPath: model, language: 'auto', threads: 2 }) : createSidecarSource();
      engines.set(name, e);
    }
    return e;
  };
  const results: QualityResult[] = [];
  try {
    for (const run of runs) {
      const transcript = await transcribeRecording(run.file, run.call, engine(run.engine), { logger });
      const quality = transcript.quality!;
      results.push({ run, quality, flagged: isUnreliable(quality, threshold), tokens: transcript.segments.reduce((n, s) => n + countTokens(s.text, run.call.language).total, 0) });
    }
  } finally {
    for (const e of engines.values()) if (e.kind !== 'sidecar') await e.close();
  }
  return results;
}

/** flagged / total per group, fitting groups first: the figures of docs/benchmarks.md. */
export function qualityFigures(results: readonly QualityResult[]): Array<{ group: string; fits: boolean; flagged: number; total: number; scores: number[] }> {
  const groups = new Map<string, { group: string; fits: boolean; flagged: number; total: number; scores: number[] }>();
  for (const r of results) {
    const g = groups.get(r.run.group) ?? { group: r.run.group, fits: r.run.fits, flagged: 0, total: 0, scores: [] };
    g.total++;
    if (r.flagged) g.flagged++;
    g.scores.push(r.quality.score);
    groups.set(r.run.group, g);
  }
  return [...groups.values()].sort((a, b) => Number(b.fits) - Number(a.fits));
}
