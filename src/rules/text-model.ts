import { z } from 'zod';
import { LanguageSchema } from '../domain/transcript.ts';

/**
 * A text model of a rule pack: logistic regression over hashed character n-grams of the normalised
 * segment text (simplified characters, lower case, punctuation gone). It scores what a phrase list
 * cannot enumerate: the hundred other ways to say a threat. Small, deterministic and explainable: the
 * n-grams that pushed a score up are the evidence a reviewer sees. Trained from the pack's own
 * sentences by `npm run train:models` (scripts/train-text-models.ts); nothing is downloaded.
 */
export const TEXT_MODEL_FORMAT = 'callguard-char-ngram-logreg/1';

export const TextModelFileSchema = z.strictObject({
  format: z.literal(TEXT_MODEL_FORMAT),
  language: LanguageSchema,
  label: z.string().min(1).describe('What a high score means, e.g. "threat"'),
  bits: z.number().int().min(10).max(22).describe('Feature buckets: 2^bits'),
  max_ngram: z.number().int().min(1).max(5),
  bias: z.number(),
  /** Weights quantised to signed bytes: weight = byte × scale. Base64 of 2^bits bytes. */
  scale: z.number().positive(),
  weights: z.string().min(1),
  trained_on: z.record(z.string(), z.unknown()).describe('What the model was trained on: sources and counts, for the reader'),
});
export type TextModelFile = z.infer<typeof TextModelFileSchema>;

export interface TextModel {
  language: TextModelFile['language'];
  label: string;
  bits: number;
  maxNgram: number;
  bias: number;
  /** The quantised weights as stored (a quarter of the memory of floats, so they stay in cache): weight = byte × scale. */
  weights: Int8Array;
  scale: number;
}

/** The model of a parsed file, or why the file is not one. */
export function textModelFromFile(file: TextModelFile): TextModel | string {
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== 1 << file.bits) return `weights hold ${bytes.length} bytes, expected 2^${file.bits} = ${1 << file.bits}`;
  const weights = new Int8Array(bytes.length);
  weights.set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  return { language: file.language, label: file.label, bits: file.bits, maxNgram: file.max_ngram, bias: file.bias, weights, scale: file.scale };
}

/** Quantise trained weights for the file: the largest weight maps to ±127. */
export function textModelToFile(
  model: Omit<TextModel, 'weights' | 'scale'> & { weights: Float64Array | Float32Array },
  trainedOn: Record<string, unknown>,
): TextModelFile {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 127;
  const bytes = Buffer.alloc(model.weights.length);
  for (let i = 0; i < model.weights.length; i++) bytes[i] = Math.round(model.weights[i]! / scale) & 0xff;
  return {
    format: TEXT_MODEL_FORMAT,
    language: model.language,
    label: model.label,
    bits: model.bits,
    max_ngram: model.maxNgram,
    bias: Number(model.bias.toFixed(6)),
    scale: Number(scale.toPrecision(9)),
    weights: bytes.toString('base64'),
    trained_on: trainedOn,
  };
}

/** One feature: the bucket of a character n-gram at [start, start + n) of the marked text. */
export interface Feature {
  bucket: number;
  start: number;
  n: number;
}

/**
 * The text a model reads: the normalised segment text with its word gaps marked and its ends
 * anchored, so that "^你" (an utterance opening on 你) is a feature of its own.
 */
export function markedText(normalised: string): string {
  return `^${normalised.replace(/ +/g, '|')}$`;
}

/** The distinct n-gram buckets of a marked text (1 ≤ n ≤ maxNgram), first occurrence of each. FNV-1a, seeded by n. */
export function features(marked: string, bits: number, maxNgram: number): Feature[] {
  const mask = (1 << bits) - 1;
  const seen = new Set<number>();
  const out: Feature[] = [];
  for (let n = 1; n <= maxNgram; n++) {
    for (let i = 0; i + n <= marked.length; i++) {
      let h = 2166136261 ^ n;
      for (let j = i; j < i + n; j++) {
        h ^= marked.charCodeAt(j);
        h = Math.imul(h, 16777619);
      }
      const bucket = (h >>> 0) & mask;
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      out.push({ bucket, start: i, n });
    }
  }
  return out;
}

const MARK_START = 0x5e; // ^
const MARK_END = 0x24; // $
const MARK_GAP = 0x7c; // |

/**
 * The distinct buckets of the last text scored, shared by the models that read it with the same
 * hashing (the scanner asks one model after another about the same segment). Deduplicated through a
 * small open-addressing table that is cleared per text, so nothing as large as the weights is touched.
 */
const last = { text: '', bits: -1, maxNgram: -1, count: 0, buckets: new Int32Array(256), table: new Int32Array(512), stamps: new Uint32Array(512), pass: 0 };

function distinctBuckets(normalised: string, bits: number, maxNgram: number): void {
  if (last.text === normalised && last.bits === bits && last.maxNgram === maxNgram) return;
  const length = normalised.length + 2;
  const most = length * maxNgram;
  if (last.buckets.length < most) last.buckets = new Int32Array(most * 2);
  if (last.table.length < most * 2) {
    last.table = new Int32Array(2 ** Math.ceil(Math.log2(most * 4)));
    last.stamps = new Uint32Array(last.table.length);
  }
  // A slot is taken in this pass when its stamp is this pass's: nothing to clear between texts.
  if (++last.pass === 0xffffffff) {
    last.stamps.fill(0);
    last.pass = 1;
  }
  const { table, stamps, pass } = last;
  const slots = table.length - 1;
  const mask = (1 << bits) - 1;
  let count = 0;
  for (let n = 1; n <= maxNgram; n++) {
    for (let i = 0; i + n <= length; i++) {
      let h = 2166136261 ^ n;
      for (let j = i; j < i + n; j++) {
        const c = j === 0 ? MARK_START : j === length - 1 ? MARK_END : normalised.charCodeAt(j - 1);
        h ^= c === 32 ? MARK_GAP : c;
        h = Math.imul(h, 16777619);
      }
      const bucket = (h >>> 0) & mask;
      let slot = (Math.imul(bucket, 0x9e3779b1) >>> 0) & slots;
      while (stamps[slot] === pass && table[slot] !== bucket) slot = (slot + 1) & slots;
      if (stamps[slot] === pass) continue;
      stamps[slot] = pass;
      table[slot] = bucket;
      last.buckets[count++] = bucket;
    }
  }
  last.count = count;
  last.text = normalised;
  last.bits = bits;
  last.maxNgram = maxNgram;
}

/**
 * The score alone, as the scanner needs it for every segment: the same sum as `scoreText` over the
 * same distinct buckets of the marked text, read straight from the normalised text (whose word gaps
 * are single spaces) without building strings or feature lists.
 */
export function textScore(model: TextModel, normalised: string): number {
  distinctBuckets(normalised, model.bits, model.maxNgram);
  const weights = model.weights;
  const buckets = last.buckets;
  let sum = 0;
  for (let k = 0; k < last.count; k++) sum += weights[buckets[k]!]!;
  return 1 / (1 + Math.exp(-(model.bias + sum * model.scale)));
}

export interface TextScore {
  /** Probability that the text is what the model's label says, 0–1. */
  score: number;
  /** The n-grams (two characters or more) that pushed the score up most, strongest first. */
  evidence: string[];
}

/** Score a normalised segment text; `evidenceCount` n-grams are kept as evidence. */
export function scoreText(model: TextModel, normalised: string, evidenceCount = 3): TextScore {
  const marked = markedText(normalised);
  const feats = features(marked, model.bits, model.maxNgram);
  let sum = 0;
  for (const f of feats) sum += model.weights[f.bucket]!;
  const score = 1 / (1 + Math.exp(-(model.bias + sum * model.scale)));
  const strongest = feats
    .filter((f) => f.n >= 2 && model.weights[f.bucket]! > 0)
    .sort((a, b) => model.weights[b.bucket]! - model.weights[a.bucket]! || a.start - b.start);
  const evidence: string[] = [];
  for (const f of strongest) {
    const gram = marked.slice(f.start, f.start + f.n).replace(/[\^$|]/g, '');
    if (gram.length >= 2 && !evidence.some((e) => e.includes(gram) || gram.includes(e))) evidence.push(gram);
    if (evidence.length === evidenceCount) break;
  }
  return { score, evidence };
}
