import { describe, expect, it } from 'vitest';
import { buildPocketsphinxArgs } from '../../../src/asr/pocketsphinx-engine.ts';
import { parsePocketsphinxTokens, pocketsphinxSegments } from '../../../src/asr/pocketsphinx-output.ts';

// Shape of real `pocketsphinx_continuous -time yes` output: two utterances, fillers, an alternate
// pronunciation and a posterior a hair above 1.
const OUTPUT = [
  'good morning this is',
  '<s> 0.000 0.060 0.999500',
  '<sil> 0.070 0.200 0.694306',
  'good 0.210 0.420 0.998701',
  'morning 0.430 0.900 1.000100',
  '[NOISE] 0.910 1.000 0.5',
  'this 2.000 2.200 0.3',
  'is(2) 2.210 2.400 0.25',
  '</s> 2.410 2.600 1.000000',
  'call back',
  '<s> 5.000 5.050 0.99',
  'call 5.060 5.300 0.9',
  'back 5.310 5.600 0.8',
  '</s> 5.610 5.700 1.0',
].join('\n');

describe('pocketsphinx output', () => {
  it('reads every timed token and skips hypothesis lines', () => {
    const tokens = parsePocketsphinxTokens(OUTPUT);
    expect(tokens).toHaveLength(12);
    expect(tokens[2]).toEqual({ token: 'good', startMs: 210, endMs: 420, posterior: 0.998701 });
  });

  it('groups words into segments at utterance starts and at long pauses, without fillers', () => {
    const segments = pocketsphinxSegments(OUTPUT);
    expect(segments.map((s) => s.text)).toEqual(['good morning', 'this is', 'call back']);
    expect(segments[0]).toMatchObject({ startMs: 210, endMs: 900 });
    expect(segments[1]!.words!.map((w) => w.text)).toEqual(['this', 'is']);
  });

  it('keeps a short pause inside one segment when the pause threshold is longer', () => {
    expect(pocketsphinxSegments(OUTPUT, { pauseMs: 1500 }).map((s) => s.text)).toEqual(['good morning this is', 'call back']);
  });

  it('clamps posteriors into 0..1 and averages them per segment', () => {
    const [first, second] = pocketsphinxSegments(OUTPUT);
    expect(first!.words![1]!.confidence).toBe(1);
    expect(second!.confidence).toBeCloseTo((0.3 + 0.25) / 2, 3);
  });

  it('gives no segments for output with no words', () => {
    expect(pocketsphinxSegments('')).toEqual([]);
    expect(pocketsphinxSegments('\n<s> 0.000 0.100 1.0\n<sil> 0.1 0.5 0.9\n</s> 0.5 0.6 1.0\n')).toEqual([]);
  });

  it('builds an argument array that keeps a hostile file name one argument', () => {
    expect(buildPocketsphinxArgs('/tmp/a b;rm -rf.wav')).toEqual(['-infile', '/tmp/a b;rm -rf.wav', '-time', 'yes']);
  });
});
