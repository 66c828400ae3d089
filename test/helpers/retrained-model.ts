import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rewriteModelPin } from '../../src/rules/model-pin.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A copy of the shipped rules directory in `dir` with zh-threat.json "retrained" and pinned, as
 * `npm run train:models` leaves a deployment: the retrain moves the model's bias in its last digits,
 * which changes the file and none of the rules' examples. Returns the model file's sha256 before and after.
 */
export function retrainedRulesDir(dir: string): { before: string; after: string } {
  cpSync('rules', dir, { recursive: true });
  const modelFile = path.join(dir, 'zh-CN', 'models', 'zh-threat.json');
  const before = readFileSync(modelFile, 'utf8');
  const after = before.replace(/"bias": (-?\d+\.\d+)/, (_, bias: string) => `"bias": ${(Number(bias) + 1e-6).toFixed(7)}`);
  if (after === before) throw new Error('the shipped zh-threat.json no longer reads as this helper expects');
  writeFileSync(modelFile, after);
  const yaml = path.join(dir, 'zh-CN', 'threat.yaml');
  writeFileSync(yaml, rewriteModelPin(readFileSync(yaml, 'utf8'), 'models/zh-threat.json', sha256(after)));
  return { before: sha256(before), after: sha256(after) };
}
