import { LEXICON_NAME, LEXICON_REF_PREFIX, type Lexicons } from './rule-schema.ts';

/**
 * Lexicons: named word classes of a pack (`violence_verb`, `body_part`), referred to as `@name` in
 * any phrase list. They are expanded before compilation, so every phrase still goes into the pack's
 * one automaton and the scanner never sees a reference. Pure functions: the loader reports the
 * problems with positions, the compiler expands, the rule version hashes what a rule uses.
 */

/** The class name of a `@name` item, or undefined for a plain phrase. */
export function lexiconRef(phrase: string): string | undefined {
  if (!phrase.startsWith(LEXICON_REF_PREFIX)) return undefined;
  return phrase.slice(LEXICON_REF_PREFIX.length);
}

/** `@name` items that do not spell a possible class name ("@ foo", "@Foo"). */
export function isMalformedRef(phrase: string): boolean {
  const name = lexiconRef(phrase);
  return name !== undefined && !LEXICON_NAME.test(name);
}

export interface LexiconProblem {
  /** The class whose definition has the problem. */
  lexicon: string;
  /** The entry of that class, where the problem is one entry. */
  index?: number;
  message: string;
}

/**
 * Every class with its references to other classes replaced by their phrases (deduplicated, first
 * spelling kept, in order), and the problems: unknown classes and cycles. A class in a cycle or
 * naming an unknown class still expands to what it can, so one mistake yields one message.
 */
export function resolveLexicons(defs: Lexicons): { expanded: Map<string, string[]>; problems: LexiconProblem[] } {
  const expanded = new Map<string, string[]>();
  const problems: LexiconProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (name: string, path: string[]): string[] => {
    const done = expanded.get(name);
    if (done) return done;
    state.set(name, 'visiting');
    const out: string[] = [];
    const seen = new Set<string>();
    defs[name]!.forEach((item, index) => {
      const ref = lexiconRef(item);
      if (ref === undefined) {
        if (!seen.has(item)) {
          seen.add(item);
          out.push(item);
        }
        return;
      }
      if (!(ref in defs)) {
        problems.push({ lexicon: name, index, message: unknownMessage(ref, defs) });
        return;
      }
      if (state.get(ref) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(ref)), name, ref].map((n) => `@${n}`).join(' → ');
        problems.push({ lexicon: name, index, message: `lexicon cycle: ${cycle}; a class cannot include itself` });
        return;
      }
      for (const phrase of visit(ref, [...path, name])) {
        if (!seen.has(phrase)) {
          seen.add(phrase);
          out.push(phrase);
        }
      }
    });
    state.set(name, 'done');
    expanded.set(name, out);
    return out;
  };

  for (const name of Object.keys(defs)) visit(name, []);
  return { expanded, problems };
}

export function unknownMessage(ref: string, defs: Lexicons | undefined): string {
  const names = Object.keys(defs ?? {});
  if (names.length === 0) return `unknown lexicon @${ref}: the pack defines no lexicons (a \`lexicons:\` block in one file of the pack)`;
  const close = names.filter((n) => n.includes(ref) || ref.includes(n)).slice(0, 3);
  return `unknown lexicon @${ref}${close.length > 0 ? ` (did you mean ${close.map((n) => `@${n}`).join(', ')}?)` : ''}`;
}

/** A phrase list with every `@name` replaced by the class's phrases (which must be resolved). */
export function expandPhrases(list: readonly string[], lexicons: ReadonlyMap<string, readonly string[]> | undefined): string[] {
  if (!lexicons || !list.some((p) => p.startsWith(LEXICON_REF_PREFIX))) return [...list];
  const out: string[] = [];
  for (const item of list) {
    const ref = lexiconRef(item);
    if (ref === undefined) out.push(item);
    else out.push(...(lexicons.get(ref) ?? []));
  }
  return out;
}

/**
 * The classes a rule (or any value) refers to, directly and through other classes, sorted: what
 * its version must hash so that editing a class makes a new version of every rule using it.
 */
export function lexiconsUsedBy(value: unknown, defs: Lexicons | undefined): string[] {
  if (!defs) return [];
  const used = new Set<string>();
  const addClass = (name: string) => {
    if (used.has(name) || !(name in defs)) return;
    used.add(name);
    for (const item of defs[name]!) {
      const ref = lexiconRef(item);
      if (ref !== undefined) addClass(ref);
    }
  };
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      const ref = lexiconRef(node);
      if (ref !== undefined) addClass(ref);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node as Record<string, unknown>).forEach(walk);
  };
  walk(value);
  return [...used].sort();
}
