import { normaliseText } from './normalise.ts';
import { features, markedText } from './text-model.ts';

/**
 * Training of a text model (src/rules/text-model.ts): logistic regression by Adagrad over hashed
 * character n-grams, the two classes weighted equally, examples visited in a shuffled order drawn
 * from a fixed seed. Pure and deterministic: the same samples and options give the same weights.
 */
export interface TrainingSample {
  text: string;
  /** 1: what the model's label names; 0: not. */
  y: 0 | 1;
}

export interface TrainingOptions {
  bits: number;
  maxNgram: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export function trainTextModel(samples: readonly TrainingSample[], o: TrainingOptions): { weights: Float64Array; bias: number } {
  const positives = samples.filter((s) => s.y === 1).length;
  if (positives === 0 || positives === samples.length) throw new Error('training needs samples of both classes');
  const size = 1 << o.bits;
  const weights = new Float64Array(size);
  const squared = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  const buckets = samples.map((s) => features(markedText(normaliseText(s.text).text), o.bits, o.maxNgram).map((f) => f.bucket));
  const classWeight = [samples.length / (2 * (samples.length - positives)), samples.length / (2 * positives)];
  let seed = o.seed;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  const order = samples.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const x = buckets[i]!;
      const y = samples[i]!.y;
      let z = bias;
      for (const f of x) z += weights[f]!;
      const g = (1 / (1 + Math.exp(-z)) - y) * classWeight[y]!;
      for (const f of x) {
        const gf = g + o.l2 * weights[f]!;
        squared[f]! += gf * gf;
        weights[f]! -= (o.learningRate * gf) / Math.sqrt(squared[f]!);
      }
      biasSquared += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(biasSquared);
    }
  }
  return { weights, bias };
}
