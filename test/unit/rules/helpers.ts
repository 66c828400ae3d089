import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Segment, Transcript } from '../../../src/domain/transcript.ts';
import { compilePack, loadPack, type CompiledPack, type CompileOptions } from '../../../src/rules/index.ts';
import { normaliseText } from '../../../src/rules/normalise.ts';
import { textModelFromFile, textModelToFile, textScore, type TextModel, type TextModelFile } from '../../../src/rules/text-model.ts';
import { trainTextModel, type TrainingOptions, type TrainingSample } from '../../../src/rules/train-text-model.ts';

/**
 * Writes files into a fresh temporary directory, runs `fn` on it and removes it again (loading is
 * synchronous and a loaded pack keeps no file open, so nothing is left behind).
 */
export function withTempFiles<T>(files: Record<string, string | object>, fn: (root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'callguard-test-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), typeof content === 'string' ? content : stringify(content));
    }
    return fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Loads a one-language pack written from `files` (the directory is gone when this returns). */
export function loadPackFrom(language: 'zh-CN' | 'en-US', files: Record<string, string | object>): ReturnType<typeof loadPack> {
  const prefixed = Object.fromEntries(Object.entries(files).map(([name, content]) => [`${language}/${name}`, content]));
  return withTempFiles(prefixed, (root) => loadPack(join(root, language)));
}

export const ZH_CUES = {
  negation: ['不会', '不要', '没有', '不是', '绝不'],
  negation_within: 3,
  quotation: ['您刚才说', '你刚才说', '你说我们'],
};
export const EN_CUES = {
  negation: ['not', 'never', 'wont', 'dont', 'no'],
  negation_within: 3,
  quotation: ['you said', 'i would never', 'did you say'],
};

const EXAMPLES = { match: ['x1', 'x2', 'x3'], no_match: ['y1', 'y2', 'y3'] };

/** A rule with every required field filled; `examples` are placeholders unless given. */
export function rule(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'test.rule',
    title: { 'zh-CN': '测试', 'en-US': 'Test' },
    category: 'abuse',
    severity: 'high',
    source: 'test source',
    description: 'test',
    examples: EXAMPLES,
    ...(fields.kind === undefined ? { kind: 'phrase' } : {}),
    ...(fields.kind === undefined || fields.kind === 'phrase' ? { speaker: 'agent' } : {}),
    ...fields,
  };
}

/** Loads and compiles a one-file pack; throws with the problems when it is invalid. */
export function pack(
  language: 'zh-CN' | 'en-US',
  rules: Array<Record<string, unknown>>,
  opts: { cues?: object; compile?: CompileOptions } = {},
): CompiledPack {
  const cues = opts.cues ?? (language === 'zh-CN' ? ZH_CUES : EN_CUES);
  const loaded = loadPackFrom(language, { 'rules.yaml': { language, cues, rules } });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return compilePack(loaded.value, opts.compile);
}

type SegmentInput = [Segment['speaker'], string] | Segment;

/** A transcript: segments given as [speaker, text] are laid out 5 s apart. */
export function call(
  language: 'zh-CN' | 'en-US',
  segments: SegmentInput[],
  meta: Record<string, unknown> = {},
): Transcript {
  return {
    call: {
      id: 'call-1',
      agentId: '8023',
      borrowerId: 'b-1',
      bank: language === 'zh-CN' ? '招商银行' : 'First National Bank',
      startedAt: language === 'zh-CN' ? '2026-03-02T10:30:00+08:00' : '2026-03-02T10:00:00-05:00',
      direction: 'outbound',
      firstContact: true,
      language,
      ...meta,
    } as Transcript['call'],
    segments: segments.map((s, i) =>
      Array.isArray(s) ? { speaker: s[0], text: s[1], startMs: i * 5000, endMs: i * 5000 + 4000 } : s,
    ),
  };
}

/**
 * A zh-CN threat model trained on a handful of sentences, for tests of model rules and of the cues that
 * read models: its file as a test writes it to models/threat.json, the loaded model, and its score of a
 * raw sentence (normalised as the scanner does).
 */
export function tinyThreatModel(samples: TrainingSample[], options: TrainingOptions): { file: TextModelFile; model: TextModel; score: (text: string) => number } {
  const trained = trainTextModel(samples, options);
  const file = textModelToFile({ language: 'zh-CN', label: 'threat', bits: options.bits, maxNgram: options.maxNgram, ...trained }, { test: true });
  const model = textModelFromFile(file) as TextModel;
  return { file, model, score: (text) => textScore(model, normaliseText(text).text) };
}

/** The sha256 of a model file as the tests write it (JSON.stringify): what a rule naming it pins. */
export const modelFileSha256 = (modelFile: unknown) => createHash('sha256').update(JSON.stringify(modelFile)).digest('hex');

/** The `kind: model` rule test.threat-model, reading models/threat.json and pinned to `modelFile`. */
export function threatModelRule(modelFile: unknown, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return rule({
    id: 'test.threat-model', kind: 'model', category: 'threat', speaker: 'agent', model: 'models/threat.json', model_sha256: modelFileSha256(modelFile), threshold: 0.9,
    ...fields,
  });
}
