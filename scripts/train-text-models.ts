/**
 * Trains the text models of the zh-CN pack (rules/zh-CN/models/*.json) from the repository's own
 * sentences, deterministically: the same data gives the same bytes.
 *
 *   npm run train:models            write the models, and each model rule's `model_sha256` pin
 *   npm run train:models -- --check  exit 1 if a committed model differs from a fresh training, or a
 *                                    rule's pin from its committed model
 *
 * A model is trained for each `kind: model` rule of the pack, on the label its category names:
 * - positives: the `match` examples of the pack's phrase rules of that category, and the tuning half
 *   (odd ids) of our check sets (fixtures/eval/zh-agent-check*.tsv) of the kinds that category holds;
 * - negatives: the `no_match` examples of the abuse and threat phrase rules, the clean rows of the
 *   check sets' tuning halves, the commentary rounds named in TRAINED_ROUNDS (fixtures/eval/zh-commentary-safe.tsv),
 *   harmless sentences addressed to the listener (fixtures/train/zh-benign-*.tsv), and the
 *   other category's positives (an insult is not a threat).
 * Never trained on: the check halves and held-out rounds (they measure the model), the model rules'
 * own examples (they test it), and any third-party evaluation data.
 *
 * Logistic regression over hashed character 1–3-grams (src/rules/text-model.ts), Adagrad, the two
 * classes weighted equally, a fixed shuffle seed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadPack } from '../src/rules/index.ts';
import type { Example, Rule } from '../src/rules/rule-schema.ts';
import { modelPinLine, rewriteModelPin } from '../src/rules/model-pin.ts';
import { textModelToFile, type TextModelFile } from '../src/rules/text-model.ts';
import { trainTextModel, type TrainingOptions, type TrainingSample } from '../src/rules/train-text-model.ts';
import { readCheckSet } from '../bench/lib/zh-check-sets.ts';
import { HELD_OUT_ROUNDS, readCommentarySet } from '../bench/lib/zh-commentary.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packDir = join(repoRoot, 'rules', 'zh-CN');
const checkSets = ['zh-agent-check.tsv', 'zh-agent-check-2.tsv', 'zh-agent-check-3.tsv'].map((f) => join(repoRoot, 'fixtures', 'eval', f));
const commentaryFile = join(repoRoot, 'fixtures', 'eval', 'zh-commentary-safe.tsv');
const benignFiles = ['zh-benign-addressed.tsv', 'zh-benign-family.tsv'].map((f) => join(repoRoot, 'fixtures', 'train', f));
/** Sentences written to train each label (fixtures/train/README.md): positives of theirs, negatives of the other. */
const positivesFile = (label: string) => join(repoRoot, 'fixtures', 'train', `zh-${label}-positive.tsv`);

/** Which label each must-flag kind of the check sets (fixtures/eval/README.md) teaches. */
const KIND_LABEL: Record<string, 'threat' | 'abuse'> = {
  violence: 'threat',
  menace: 'threat',
  visit: 'threat',
  death_wish: 'threat',
  exposure: 'threat',
  intimidation: 'threat',
  relayed_threat: 'threat',
  veiled_as_advice: 'threat',
  insult: 'abuse',
  profanity: 'abuse',
  fake_quote: 'abuse',
  insult_with_reported_frame: 'abuse',
};
const TRAINED_CATEGORIES = new Set(['abuse', 'threat']);

/**
 * The commentary rounds the models are trained on: the tuned rounds when they were last trained. A round
 * written since is measured first (its first look) and joins at the next retraining, never a held-out one.
 */
const TRAINED_ROUNDS = new Set([1, 2, 3, 6]);
for (const round of TRAINED_ROUNDS) if (HELD_OUT_ROUNDS.has(round)) throw new Error(`commentary round ${round} is held out: it cannot be trained on`);

const OPTIONS: TrainingOptions = { bits: 18, maxNgram: 3, epochs: 15, learningRate: 0.2, l2: 1e-5, seed: 7 };

function exampleText(e: Example): string | undefined {
  return typeof e === 'string' ? e : 'text' in e && typeof e.text === 'string' ? e.text : undefined;
}

function trainingSet(rules: readonly Rule[], label: string): { samples: TrainingSample[]; counts: Record<string, number> } {
  const positives = new Set<string>();
  const negatives = new Set<string>();
  const counts: Record<string, number> = {};
  const add = (set: Set<string>, source: string, text: string | undefined) => {
    if (text === undefined || set.has(text)) return;
    set.add(text);
    counts[source] = (counts[source] ?? 0) + 1;
  };
  for (const rule of rules) {
    if (rule.kind !== 'phrase' || !TRAINED_CATEGORIES.has(rule.category)) continue;
    if (rule.category === label) for (const e of rule.examples.match) add(positives, 'rule examples, match', exampleText(e));
    for (const e of rule.examples.no_match) add(negatives, 'rule examples, no_match', exampleText(e));
  }
  for (const text of trainTexts(positivesFile(label))) add(positives, 'training sentences (fixtures/train)', text);
  // The check halves measure; they never train.
  const tuningRows = checkSets.flatMap((file) => readCheckSet(file)).filter((row) => row.half === 'tuning');
  for (const row of tuningRows) {
    if (!row.mustFlag) add(negatives, 'check sets (tuning halves), clean', row.text);
    else if (KIND_LABEL[row.kind] === label) add(positives, 'check sets (tuning halves), flag', row.text);
  }
  for (const row of readCommentarySet(commentaryFile)) {
    if (TRAINED_ROUNDS.has(row.round)) add(negatives, 'commentary (tuned rounds)', row.text);
  }
  // Harmless sentences addressed to the listener, many naming their family, home or work: without them
  // "你", "你老公" or a short utterance alone would look like a threat, since most such sentences among
  // the rest are.
  for (const file of benignFiles) for (const text of trainTexts(file)) add(negatives, 'harmless sentences to the listener (fixtures/train)', text);
  // The other category's sentences teach what this label is not ("你这种人活着就是浪费粮食" insults, it
  // does not threaten).
  for (const rule of rules) {
    if (rule.kind !== 'phrase' || !TRAINED_CATEGORIES.has(rule.category) || rule.category === label) continue;
    for (const e of rule.examples.match) add(negatives, 'rule examples of the other category, match', exampleText(e));
  }
  for (const other of TRAINED_CATEGORIES) {
    if (other !== label) for (const text of trainTexts(positivesFile(other))) add(negatives, 'training sentences of the other category (fixtures/train)', text);
  }
  for (const row of tuningRows) {
    if (row.mustFlag && KIND_LABEL[row.kind] !== label) add(negatives, 'check sets (tuning halves), the other category', row.text);
  }
  // A sentence that is a positive anywhere is not also taught as a negative.
  for (const text of positives) negatives.delete(text);
  const samples: TrainingSample[] = [...[...positives].map((text) => ({ text, y: 1 as const })), ...[...negatives].map((text) => ({ text, y: 0 as const }))];
  return { samples, counts: { ...counts, positives: positives.size, negatives: negatives.size } };
}

/** The texts of a fixtures/train file (columns id, kind, text). */
function trainTexts(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.shift() !== 'id\tkind\ttext') throw new Error(`${file}: expected the header id, kind, text (tab-separated)`);
  return lines.map((line, i) => {
    const text = line.split('\t')[2];
    if (!text) throw new Error(`${file}:${i + 2}: expected an id, a kind and the text`);
    return text;
  });
}

function main(): void {
  const check = process.argv.includes('--check');
  // The model files are what this script writes, and the pins what it updates: the pack is read
  // without them.
  const loaded = loadPack(packDir, 'zh-CN', { models: 'skip' });
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    process.exit(1);
  }
  const rules = loaded.value.rules.map((r) => r.rule);
  const modelRules = loaded.value.rules.filter((r) => r.rule.kind === 'model');
  let stale = 0;
  for (const { rule, position } of modelRules) {
    if (rule.kind !== 'model') continue;
    const label = rule.category;
    const { samples, counts } = trainingSet(rules, label);
    const { weights, bias } = trainTextModel(samples, OPTIONS);
    const file: TextModelFile = textModelToFile(
      { language: 'zh-CN', label, bits: OPTIONS.bits, maxNgram: OPTIONS.maxNgram, bias, weights },
      { command: 'npm run train:models', sources: counts, ...OPTIONS },
    );
    const path = join(packDir, rule.model);
    const text = `${JSON.stringify(file, null, 1)}\n`;
    if (check) {
      let current: Buffer | undefined;
      try {
        current = readFileSync(path);
      } catch {
        // reported below as stale
      }
      if (current?.toString('utf8') !== text) {
        console.error(`${path}: differs from a fresh training (npm run train:models)`);
        stale++;
      } else if (sha256(current) !== rule.model_sha256) {
        console.error(`${position.file}:${pinLine(position.file, rule.model, position.line)}: ${rule.id} pins model_sha256 ${rule.model_sha256.slice(0, 12)}…, ${path} is ${sha256(current).slice(0, 12)}… (npm run train:models updates the pin)`);
        stale++;
      }
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    // The rule pins the model it is tested with: without the new pin the pack no longer loads.
    const yaml = readFileSync(position.file, 'utf8');
    let pinned: string;
    try {
      pinned = rewriteModelPin(yaml, rule.model, sha256(Buffer.from(text, 'utf8')));
    } catch (err) {
      console.error(`${position.file}: cannot update the pin of ${rule.id}: ${(err as Error).message}`);
      process.exit(1);
    }
    if (pinned !== yaml) writeFileSync(position.file, pinned);
    console.log(`${path}: ${label}, ${counts['positives']} positive and ${counts['negatives']} negative sentences; pinned in ${position.file}`);
  }
  if (stale > 0) process.exit(1);
}

/** The line of the rule's pin in its file, or the rule's own line when the pin cannot be found there. */
function pinLine(file: string, modelFile: string, ruleLine: number): number {
  try {
    return modelPinLine(readFileSync(file, 'utf8'), modelFile);
  } catch {
    return ruleLine;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

main();
