import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutoChooser, type AsrConfig } from '../../../src/asr/create-transcriber.ts';
import { findExecutable } from '../../../src/asr/find-executable.ts';
import { POCKETSPHINX_COMMAND } from '../../../src/asr/pocketsphinx-engine.ts';
import { transcribeRecording } from '../../../src/asr/transcribe-recording.ts';
import { transcriptQualityFinding } from '../../../src/asr/transcript-quality-finding.ts';
import { callBandwidth } from '../../../src/audio/bandwidth.ts';
import { decodeToPcm } from '../../../src/audio/decode.ts';
import { probeAudio } from '../../../src/audio/probe.ts';
import type { CallMeta, Transcript } from '../../../src/domain/transcript.ts';
import { createLogger } from '../../../src/logger.ts';
import { loadRuleSet, scanTranscript } from '../../../src/rules/index.ts';
import { generateFixtureCalls, type FixtureFormat, type Manifest } from '../../../scripts/generate-fixtures.ts';

/*
 * Issue: Opus always reports 48 kHz, so `auto` once judged an 8 kHz phone call wideband and gave it
 * to pocketsphinx instead of the transcript delivered with it: the same violation call got 8 findings
 * as MP3 and 3 (word salad) as Opus. The same call in every container must get the same engine and
 * the same findings. Built at test time by the fixture generator (espeak-ng speech, 8 kHz source).
 */
const CALL = 'en-violation';
const FORMATS: FixtureFormat[] = ['wav', 'mp3', 'm4a', 'amr', 'opus'];
const pocketsphinx = findExecutable(POCKETSPHINX_COMMAND) !== null;
const logger = createLogger('silent');
const config: AsrConfig = {
  ASR_ENGINE: 'auto', WHISPER_LANGUAGE: 'auto', WHISPER_BUILD: 'cpu', OPENAI_ASR_MODEL: 'whisper-1',
  WHISPER_MODEL: undefined, WHISPER_THREADS: undefined, OPENAI_ASR_URL: undefined, OPENAI_ASR_KEY: undefined,
};
let dir: string;
let manifest: Manifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-engine-formats-'));
  manifest = await generateFixtureCalls(dir, { formats: FORMATS, only: [CALL] });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (format: FixtureFormat) => path.join(dir, manifest.calls[0]!.files[format]!);

describe('the same 8 kHz call in every container', () => {
  it('is judged narrowband from its decoded spectrum, although Opus reports 48 kHz', { timeout: 120_000 }, async () => {
    expect((await probeAudio(file('opus'))).sampleRate).toBe(48_000);
    for (const format of FORMATS) {
      const decoded = await decodeToPcm(file(format), { split: true });
      expect({ format, band: callBandwidth(decoded.channels, decoded.sampleRate).band }).toEqual({ format, band: 'narrow' });
    }
  });

  it.skipIf(!pocketsphinx)('gets the delivered transcript over pocketsphinx, and the same findings, in WAV, MP3, M4A, AMR and Opus', { timeout: 180_000 }, async () => {
    const set = loadRuleSet(path.resolve(import.meta.dirname, '../../../rules'));
    if (!set.ok) throw new Error('the shipped rules do not load');
    const pack = set.packs.get('en-US')!;
    const auto = createAutoChooser(config, logger);
    const results: Array<{ format: FixtureFormat; engine: string; findings: string[] }> = [];
    try {
      for (const format of FORMATS) {
        const chosen = await auto.choose(file(format), 'en-US');
        const transcript: Transcript = await transcribeRecording(file(format), await callMeta(), auto, { logger });
        const findings = scanTranscript(pack, transcript, []);
        const unreliable = transcriptQualityFinding(transcript.call, transcript.segments, transcript.quality!, set.policy.transcript_quality_threshold);
        if (unreliable) findings.push(unreliable);
        results.push({
          format, engine: `${chosen.name}/${transcript.engine?.name}`,
          findings: findings.map((f) => `${f.ruleId} ${f.speaker} ${f.startMs}`).sort(),
        });
      }
    } finally {
      await auto.close();
    }
    const [first] = results;
    expect(first!.engine).toBe('sidecar/sidecar');
    const categories = new Set(first!.findings.map((f) => f.split('.')[1]));
    // The violation call's threat and its missing debt-collector disclosure are found in every format.
    expect(categories).toContain('threat');
    expect(first!.findings.some((f) => f.startsWith('callguard.transcript-quality'))).toBe(false);
    for (const r of results.slice(1)) expect({ format: r.format, engine: r.engine, findings: r.findings }).toEqual({ ...first!, format: r.format });
  });
});

/** The call's metadata as the fixture generator wrote it (calls.json). */
async function callMeta(): Promise<CallMeta> {
  const { calls } = JSON.parse(await readFile(path.join(dir, 'calls.json'), 'utf8')) as { calls: Array<CallMeta & { audio: string; transcript: string }> };
  const { audio: _a, transcript: _t, ...meta } = calls.find((c) => c.id === CALL)!;
  return meta;
}
