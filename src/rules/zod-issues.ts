import type { z } from 'zod';
import type { PathKey } from './source-position.ts';

/** A validation problem in plain words, at a data path (`key` set for an unknown key). */
export interface PlainIssue {
  path: PathKey[];
  message: string;
  key?: string;
}

/** `segments[3].startMs` — the way a person reads a path into a JSON or YAML document. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += out === '' ? String(step) : `.${String(step)}`;
  }
  return out || '(top level)';
}

/**
 * Zod issues → plain messages. Union failures report the branch that got furthest (for an example
 * written as an object, the object branch's problems rather than "expected string"); a missing key
 * is reported as such on the map that lacks it.
 */
export function plainIssues(issues: readonly z.core.$ZodIssue[], input?: unknown, prefix: readonly PathKey[] = []): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathKey[])];
    if (input !== undefined && path.length > 0 && issue.code !== 'unrecognized_keys' && isAbsentKey(input, path)) {
      out.push({ path: path.slice(0, -1), message: `missing required key "${String(path[path.length - 1])}"` });
      continue;
    }
    if (issue.code === 'invalid_union') {
      const branches = issue.errors ?? [];
      if (branches.length === 0) {
        const note = 'options' in issue && Array.isArray((issue as { options?: unknown[] }).options)
          ? `unknown value (expected one of: ${((issue as { options: unknown[] }).options).join(', ')})`
          : issue.message;
        out.push({ path, message: note });
        continue;
      }
      const best = [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]!;
      out.push(...plainIssues(best, input, path));
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path, key, message: `unknown key "${key}"` });
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    if (missing) {
      const key = path[path.length - 1];
      out.push({ path: path.slice(0, -1), message: `missing required key "${String(key)}"` });
      continue;
    }
    out.push({ path, message: issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '') });
  }
  return out;
}

function depth(branch: readonly z.core.$ZodIssue[]): number {
  let max = 0;
  for (const issue of branch) {
    const typeMismatchAtRoot = issue.code === 'invalid_type' && issue.path.length === 0;
    max = Math.max(max, typeMismatchAtRoot ? 0 : issue.path.length + 1);
  }
  return max;
}

/** The parent at path[..-1] is an object that lacks the last key. */
function isAbsentKey(input: unknown, path: readonly PathKey[]): boolean {
  let cur: unknown = input;
  for (const step of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[step as string];
  }
  if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return false;
  return !(String(path[path.length - 1]) in (cur as Record<string, unknown>));
}
