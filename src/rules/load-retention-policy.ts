import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { buildRetentionPolicy, RetentionPolicyError, type RetentionPolicy } from '../domain/retention-policy.ts';

export const RETENTION_FILE = 'retention.yaml';

/**
 * rules/retention.yaml → a checked retention policy. A missing file means the built-in defaults
 * (which meet every legal minimum); an unreadable or invalid one is an error naming the file, never
 * a silent fall-back: a purge with the wrong periods deletes what it should keep.
 */
export function loadRetentionPolicy(rulesDir: string): RetentionPolicy {
  const file = path.join(rulesDir, RETENTION_FILE);
  if (!existsSync(file)) return buildRetentionPolicy(undefined);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RetentionPolicyError([`${file}: ${(err as Error).message}`]);
  }
  try {
    return buildRetentionPolicy(raw);
  } catch (err) {
    if (err instanceof RetentionPolicyError) throw new RetentionPolicyError(err.problems.map((p) => `${file}: ${p}`));
    throw err;
  }
}
