import { lexiconsUsedBy } from './lexicons.ts';
import type { Cues, Lexicons, Rule } from './rule-schema.ts';

/**
 * A short content hash of what a rule does: its definition without the examples (which document
 * it but change no finding), plus the pack's cues when the rule uses them, its bank names when
 * it says `{bank}`, every lexicon it uses (directly, through another class or through the cues), and
 * the model files its findings depend on (its own model, or those of the cues' second opinion). A changed rule is a new version, so a reviewer's verdict on a finding stays
 * tied to the rule that raised it.
 * cyrb53: pure JavaScript, so the library stays usable outside Node.js.
 */
export function ruleVersion(rule: Rule, cues?: Cues, bankNames?: readonly string[][], lexicons?: Lexicons, modelDigest?: string): string {
  const { examples: _examples, ...definition } = rule;
  const usesCues = (rule.kind === 'phrase' && (rule.unless?.negated || rule.unless?.quoted || rule.unless?.unaimed)) || (rule.kind === 'model' && rule.unless?.negated);
  const usesBankNames = bankNames !== undefined && canonicalJson(definition).includes('{bank}');
  const used = lexiconsUsedBy(usesCues ? [definition, cues] : definition, lexicons);
  return hash53(canonicalJson({
    definition,
    ...(usesCues && cues ? { cues } : {}),
    ...(usesBankNames ? { bankNames } : {}),
    ...(used.length > 0 ? { lexicons: Object.fromEntries(used.map((name) => [name, lexicons![name]])) } : {}),
    // A retrained model is a new rule version, though the rule's text is the same.
    ...(modelDigest ? { model: modelDigest } : {}),
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

/**
 * The version of a model rule: its own, and those of the enabled phrase rules of its category, since
 * a segment one of them flags gets no model finding (changing them changes what the model rule finds).
 */
export function modelRuleVersion(own: string, coveredBy: ReadonlyArray<{ id: string; version: string }>): string {
  return hash53(canonicalJson({ own, coveredBy: coveredBy.map((r) => `${r.id}@${r.version}`).sort() }));
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
