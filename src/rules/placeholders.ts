import type { CallMeta } from '../domain/transcript.ts';

/**
 * Placeholders in phrases, filled per call from its metadata: "受{bank}委托" on a call for 招商银行
 * matches "受招商银行委托". Where the call's metadata lacks the value, the placeholder stands for any
 * 1–12 characters (Chinese) or 1–4 words (English), so a missing field never invents a violation.
 */
export const PLACEHOLDERS = ['bank', 'agentName', 'agentId', 'agency'] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;

export type TemplatePart = { literal: string } | { placeholder: PlaceholderName };

export function hasPlaceholder(phrase: string): boolean {
  return phrase.includes('{') || phrase.includes('}');
}

/** Placeholder names used in a phrase that are not known, and brace misuse. Empty when fine. */
export function placeholderProblems(phrase: string): string[] {
  const problems: string[] = [];
  const known = new Set<string>(PLACEHOLDERS);
  for (const m of phrase.matchAll(PLACEHOLDER_PATTERN)) {
    if (!known.has(m[1]!)) {
      problems.push(`unknown placeholder {${m[1]}} in "${phrase}" (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
  }
  const stripped = phrase.replace(PLACEHOLDER_PATTERN, '');
  if (stripped.includes('{') || stripped.includes('}')) problems.push(`unbalanced brace in "${phrase}"`);
  return problems;
}

export function splitTemplate(phrase: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of phrase.matchAll(PLACEHOLDER_PATTERN)) {
    if (m.index > last) parts.push({ literal: phrase.slice(last, m.index) });
    parts.push({ placeholder: m[1] as PlaceholderName });
    last = m.index + m[0].length;
  }
  if (last < phrase.length) parts.push({ literal: phrase.slice(last) });
  return parts;
}

export function placeholderValue(call: Partial<CallMeta>, name: PlaceholderName): string | undefined {
  const v = (call as Record<string, unknown>)[name];
  return typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}
