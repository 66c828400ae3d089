import { describe, expect, it } from 'vitest';
import { TRANSCRIPT_QUALITY_RULE_ID, transcriptQualityFinding } from '../../../src/asr/transcript-quality-finding.ts';
import { countTokens, estimateTranscriptQuality, qualityOfText, type QualityInput } from '../../../src/asr/transcript-quality.ts';
import { TranscriptSchema, type CallMeta, type Segment, type Word } from '../../../src/domain/transcript.ts';

/*
 * The estimate on synthetic transcripts shaped like what engines really return: the shapes (word
 * salad with low posteriors, nothing at all, Latin words on a Mandarin call) are the ones measured in
 * docs/benchmarks.md; the texts are made up here.
 */

function words(text: string, startMs: number, confidence?: number, msPerWord = 350): Word[] {
  return text.split(' ').map((w, i) => ({
    text: w, startMs: startMs + i * msPerWord, endMs: startMs + (i + 1) * msPerWord - 20,
    ...(confidence !== undefined ? { confidence } : {}),
  }));
}

function seg(speaker: Segment['speaker'], text: string, startMs: number, confidence?: number): Segment {
  const ws = words(text, startMs, confidence);
  return { speaker, startMs, endMs: ws.at(-1)!.endMs, text, words: ws };
}

const english = 'good morning this is a call about the balance on your account with the bank please call us back today';
const base = (over: Partial<QualityInput> = {}): QualityInput => ({
  engine: 'pocketsphinx', language: 'en-US',
  segments: [seg('agent', english, 0, 0.66)],
  speech: [{ speaker: 'agent', speechMs: 6500 }, { speaker: 'customer', speechMs: 0 }],
  ...over,
});

describe('estimateTranscriptQuality', () => {
  it('leaves a fluent transcript with confident words at or near 1, naming the engine', () => {
    const q = estimateTranscriptQuality(base());
    expect(q.engine).toBe('pocketsphinx');
    expect(q.score).toBe(1);
    expect(q.signals).toEqual([]);
  });

  it('falls with the engine’s own word confidence: pocketsphinx on telephone audio averages far below its wideband level', () => {
    const q = estimateTranscriptQuality(base({ segments: [seg('agent', english, 0, 0.2)] }));
    expect(q.score).toBeLessThan(0.2);
    expect(q.signals.map((s) => s.signal)).toEqual(['low_confidence']);
    expect(q.signals[0]!.value).toBeCloseTo(0.2);
    expect(q.signals[0]!.detail).toMatch(/0\.20 over 20 words/);
  });

  it('uses segment confidences (openai-http avg_logprob) where no word carries one', () => {
    const s: Segment = { speaker: 'agent', startMs: 0, endMs: 6000, text: english, confidence: 0.25 };
    const q = estimateTranscriptQuality(base({ engine: 'openai-http', segments: [s] }));
    expect(q.signals[0]!.signal).toBe('low_confidence');
    expect(q.score).toBeLessThan(0.5);
  });

  it('says nothing about confidence when the engine reports none (whisper.node gives text and times only)', () => {
    const plain = { speaker: 'agent' as const, startMs: 0, endMs: 6000, text: english };
    expect(estimateTranscriptQuality(base({ engine: 'whisper', segments: [plain] })).score).toBe(1);
  });

  it('flags a recording with speech and no text at all (an engine that cannot hear it returns nothing)', () => {
    const q = estimateTranscriptQuality(base({ engine: 'whisper', segments: [], speech: [{ speaker: 'unknown', speechMs: 9000 }] }));
    expect(q.score).toBeLessThan(0.1);
    expect(q.signals[0]).toMatchObject({ signal: 'silent_side', speaker: 'unknown', value: 9000 });
     // A short quiet recording counts too when nothing at all came back, but not a moment of sound.
    expect(estimateTranscriptQuality(base({ engine: 'whisper', segments: [], speech: [{ speaker: 'unknown', speechMs: 1500 }] })).score).toBe(0.05);
    expect(estimateTranscriptQuality(base({ engine: 'whisper', segments: [], speech: [{ speaker: 'unknown', speechMs: 600 }] })).score).toBe(1);
  });

  it('flags one side of a stereo call that spoke but has no text, less than a call with none', () => {
    const q = estimateTranscriptQuality(base({ speech: [{ speaker: 'agent', speechMs: 6500 }, { speaker: 'customer', speechMs: 4000 }] }));
    expect(q.signals.map((s) => [s.signal, s.speaker])).toEqual([['silent_side', 'customer']]);
    expect(q.score).toBeGreaterThan(0.1);
    expect(q.score).toBeLessThan(0.5);
    // A side with a moment of sound (a cough, "mm") is not a lost side.
    expect(estimateTranscriptQuality(base({ speech: [{ speaker: 'agent', speechMs: 6500 }, { speaker: 'customer', speechMs: 900 }] })).score).toBe(1);
  });

  it('flags far too few words for the speech heard, and far too many', () => {
    const few = estimateTranscriptQuality(base({ segments: [seg('agent', 'yes well', 0, 0.66)], speech: [{ speaker: 'agent', speechMs: 20_000 }] }));
    expect(few.signals[0]).toMatchObject({ signal: 'speech_rate', speaker: 'agent' });
    expect(few.score).toBeLessThan(0.2);
    const many = estimateTranscriptQuality(base({ speech: [{ speaker: 'agent', speechMs: 3000 }] }));
    expect(many.signals.map((s) => s.signal)).toEqual(['speech_rate']);
    expect(many.signals[0]!.value).toBeCloseTo(20 / 3);
  });

  it('does not judge the rate of a side with only a few seconds of speech', () => {
    expect(estimateTranscriptQuality(base({ segments: [seg('agent', 'hello', 0, 0.66)], speech: [{ speaker: 'agent', speechMs: 2500 }] })).score).toBe(1);
  });

  it('counts a Chinese character as one token and judges a Mandarin call by characters per second', () => {
    expect(countTokens('您好，我是招商银行委托的 APP 客服 3 号', 'zh-CN')).toEqual({ total: 16, han: 14, latin: 1, odd: 0 });
    const zh: Segment = { speaker: 'agent', startMs: 0, endMs: 5000, text: '您好，这里是银行信用卡中心，想和您核对一下本月的还款安排' };
    expect(estimateTranscriptQuality({ engine: 'whisper', language: 'zh-CN', segments: [zh], speech: [{ speaker: 'agent', speechMs: 5200 }] }).score).toBe(1);
  });

  it('flags Latin word salad on a Mandarin call and Chinese text on an English one', () => {
    const salad = seg('agent', 'or do a lot easier on we all that walk on glory lot really hungry', 0);
    const zh = estimateTranscriptQuality({ engine: 'pocketsphinx', language: 'zh-CN', segments: [salad], speech: [{ speaker: 'agent', speechMs: 5000 }] });
    expect(zh.signals.map((s) => s.signal)).toContain('language_mismatch');
    expect(zh.score).toBeLessThan(0.2);
    const han: Segment = { speaker: 'agent', startMs: 0, endMs: 4000, text: '您好请问是本人吗我们是银行的' };
    const en = estimateTranscriptQuality({ engine: 'sidecar', language: 'en-US', segments: [han] });
    expect(en.signals[0]).toMatchObject({ signal: 'language_mismatch', value: 1 });
    // A few Latin words in Chinese (a bank's initials, an app) are normal.
    const mixed: Segment = { speaker: 'agent', startMs: 0, endMs: 4000, text: '请您打开 APP 查看 ICBC 的还款提醒，谢谢您的配合' };
    expect(estimateTranscriptQuality({ engine: 'sidecar', language: 'zh-CN', segments: [mixed] }).score).toBe(1);
  });

  it('flags text made of single letters and unknown-word markers', () => {
    const odd = seg('agent', 'the b c d account e f <unk> g h to k', 0);
    const q = estimateTranscriptQuality({ engine: 'sidecar', language: 'en-US', segments: [odd] });
    expect(q.signals[0]!.signal).toBe('odd_tokens');
    expect(q.signals[0]!.value).toBeGreaterThan(0.5);
    // "a" and "I" are words.
    expect(countTokens('I told a friend', 'en-US').odd).toBe(0);
  });

  it('says when telephone-band audio went to an engine whose model is wideband, and sorts the worst signal first', () => {
    const q = estimateTranscriptQuality(base({ segments: [seg('agent', english, 0, 0.4)], narrowbandForWidebandModel: { highBandShare: 0.00001 } }));
    expect(q.signals.map((s) => s.signal)).toEqual(['low_confidence', 'narrowband_audio']);
    expect(q.signals[1]!.value).toBe(0.00001);
    expect(q.signals[1]!.factor).toBe(0.4);
    expect(q.score).toBeCloseTo(q.signals[0]!.factor * 0.4, 2);
  });

  it('produces what the transcript contract accepts', () => {
    const call: CallMeta = { id: 'c1', agentId: 'a', borrowerId: 'b', bank: 'B', startedAt: '2026-03-02T10:30:00-05:00', direction: 'outbound', firstContact: true, language: 'en-US' };
    const quality = estimateTranscriptQuality(base({ segments: [seg('agent', english, 0, 0.1)] }));
    expect(TranscriptSchema.safeParse({ call, segments: [], quality }).success).toBe(true);
    expect(TranscriptSchema.safeParse({ call, segments: [] }).success).toBe(true);
    expect(TranscriptSchema.safeParse({ call, segments: [], quality: { ...quality, score: 1.5 } }).success).toBe(false);
  });
});

describe('qualityOfText (delivered transcripts, callguard scan)', () => {
  const call: CallMeta = {
    id: 'c1', agentId: 'a', borrowerId: 'b', bank: 'B', startedAt: '2026-03-02T10:30:00-05:00', direction: 'outbound', firstContact: true, language: 'en-US',
    recording: { present: true, durationMs: 30_000, silentChannels: [] },
  };

  it('finds a side that the recording facts say spoke but that has no text', () => {
    const q = qualityOfText(call, [seg('agent', english, 0)], 'sidecar');
    expect(q.signals.map((s) => [s.signal, s.speaker])).toEqual([['silent_side', 'customer']]);
    expect(qualityOfText({ ...call, recording: { present: true, durationMs: 30_000, silentChannels: ['customer'] } }, [seg('agent', english, 0)], 'sidecar').score).toBe(1);
  });

  it('keeps the file’s own estimate when it is lower', () => {
    const own = { score: 0.2, engine: 'vendor-asr', signals: [] };
    expect(qualityOfText(call, [seg('agent', english, 0), seg('customer', 'yes I know', 9000)], 'sidecar', own)).toBe(own);
    expect(qualityOfText(call, [seg('agent', english, 0), seg('customer', 'yes I know', 9000)], 'sidecar', { ...own, score: 1 }).score).toBe(1);
  });
});

describe('transcriptQualityFinding', () => {
  const call = { id: 'c9', language: 'zh-CN' as const, recording: { durationMs: 31_000 } };
  const low = { score: 0.12, engine: 'pocketsphinx', signals: [{ signal: 'low_confidence' as const, value: 0.2, factor: 0.12, detail: 'confidence 0.20' }] };

  it('raises a medium call-level finding with the score, the engine and the signals as evidence, below the threshold only', () => {
    const f = transcriptQualityFinding(call, [], low, 0.5)!;
    expect(f).toMatchObject({
      callId: 'c9', ruleId: TRANSCRIPT_QUALITY_RULE_ID, category: 'transcript_quality', severity: 'medium', speaker: 'call',
      title: '转写不可靠，需人工听音', startMs: 0, endMs: 31_000, quote: '',
    });
    expect(f.matched).toEqual(['score 0.12 < 0.5', 'engine pocketsphinx', 'low_confidence ×0.12: confidence 0.20']);
    expect(transcriptQualityFinding(call, [], { ...low, score: 0.5 }, 0.5)).toBeNull();
    expect(transcriptQualityFinding({ ...call, language: 'en-US' }, [], low, 0.5)!.title).toBe('transcript unreliable: listen to the call');
  });

  it('is a new version when the threshold changes, the same one when it does not', () => {
    const v = (t: number) => transcriptQualityFinding(call, [], low, t)!.ruleVersion;
    expect(v(0.5)).toBe(v(0.5));
    expect(v(0.5)).not.toBe(v(0.6));
  });
});
