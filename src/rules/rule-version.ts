import type { Cues, Rule } from './rule-schema.ts';

/**
 * A short content hash of what a rule does: its definition without the examples (which document
 * it but change no finding), plus the pack's cues when the rule uses them and its bank names when
 * it says `{bank}`. A changed rule is a new version, so a reviewer's verdict on a finding stays
 * tied to the rule that raised it.
 * cyrb53: pure JavaScript, so the library stays usable outside Node.js.
 */
export function ruleVersion(rule: Rule, cues?: Cues, bankNames?: readonly string[][]): string {
  const { examples: _examples, ...definition } = rule;
  const usesCues = rule.kind === 'phrase' && (rule.unless?.negated || rule.unless?.quoted);
  const usesBankNames = bankNames !== undefined && canonicalJson(definition).includes('{bank}');
  return hash53(canonicalJson({
    definition,
    ...(usesCues && cues ? { cues } : {}),
    ...(usesBankNames ? { bankNames } : {}),
  }));
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0').slice(0, 12);
}
