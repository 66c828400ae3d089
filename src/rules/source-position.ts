import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A place in a rule file, 1-based as editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** One problem in a rule pack, reported as `file:line:col: message`. */
export interface Problem extends SourcePosition {
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

export type PathKey = string | number;

/**
 * Finds the YAML node at a data path and returns its position. Where the path goes past what the
 * file has (a missing key), the deepest existing node is used: the map that lacks the key. With
 * `key`, the position of that key inside the map (used for unknown keys).
 */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  path: readonly PathKey[],
  key?: string,
): SourcePosition {
  let node: unknown = doc.contents;
  let offset = nodeOffset(node) ?? 0;
  for (const step of path) {
    const child = childOf(node, step);
    if (child === undefined) break;
    node = child.value;
    offset = nodeOffset(child.value) ?? child.keyOffset ?? offset;
  }
  if (key !== undefined && isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
        offset = pair.key.range[0];
        break;
      }
    }
  }
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}

function nodeOffset(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function childOf(node: unknown, step: PathKey): { value: unknown; keyOffset?: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(step)) {
        const keyOffset = nodeOffset(pair.key);
        return { value: pair.value ?? pair.key, ...(keyOffset !== undefined ? { keyOffset } : {}) };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}
