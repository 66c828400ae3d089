import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { RE2JS } from 're2js';
import { LANGUAGES, type Language } from '../domain/transcript.ts';
import {
  BankNamesSchema,
  CuesSchema,
  RuleFileSchema,
  RuleSchema,
  type BankNames,
  type Cues,
  type Lexicons,
  type Rule,
} from './rule-schema.ts';
import { isMalformedRef, lexiconRef, lexiconsUsedBy, resolveLexicons, unknownMessage } from './lexicons.ts';
import { hasPlaceholder, placeholderProblems, splitTemplate } from './placeholders.ts';
import { normalisePhrase, normaliseRegexSource } from './normalise.ts';
import { requiredLiteral } from './regex-literal.ts';
import { positionOf, type PathKey, type Problem, type SourcePosition } from './source-position.ts';
import { plainIssues, formatPath } from './zod-issues.ts';
import { TEXT_MODEL_FORMAT, TextModelFileSchema, textModelFromFile, type TextModel } from './text-model.ts';

/** A rule as loaded, with where it came from (for `rules test` output and lint messages). */
export interface LoadedRule {
  rule: Rule;
  /** A model rule's model, read from the pack directory, with a digest of its file for the rule version. */
  model?: { model: TextModel; digest: string };
  position: SourcePosition;
  /** Position of each example, in the order of `examples.match` / `examples.no_match`. */
  examplePositions: { match: SourcePosition[]; no_match: SourcePosition[] };
  /** The file's `example_call` defaults. */
  exampleCall: Record<string, unknown>;
}

/** All rule files of one language directory, validated together. */
export interface LoadedPack {
  language: Language;
  dir: string;
  files: string[];
  rules: LoadedRule[];
  cues?: Cues;
  /** Groups of names of one bank each (BankNamesSchema): the file's key first, then its other names. */
  bankNames?: string[][];
  /** The word classes as written (`@name` items included): what rule versions hash. */
  lexicons?: Lexicons;
  /** Each class with its `@name` items replaced by phrases: what the compiler expands rules with. */
  expandedLexicons?: Map<string, string[]>;
  /** Problems that do not make the pack invalid (a lexicon no rule uses). */
  warnings: Problem[];
}

export type LoadResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Where a pack keeps the text models its `kind: model` rules name (`models/zh-threat.json`). */
export const PACK_MODELS_DIR = 'models';

/**
 * The model files of a pack directory (`models/*.json`), sorted. They belong to the deployment's rules
 * directory: a pack published from the review app is YAML only and reads its models from there.
 */
export function modelFilesIn(dir: string): string[] {
  const models = join(dir, PACK_MODELS_DIR);
  try {
    return filesNamed(models, /\.json$/i);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The *.yaml / *.yml files of a directory, sorted so problems come out in a stable order. */
export function ruleFilesIn(dir: string): string[] {
  return filesNamed(dir, /\.ya?ml$/i);
}

/** The files (not folders) of a directory whose names match, sorted, as paths. */
function filesNamed(dir: string, name: RegExp): string[] {
  return readdirSync(dir)
    .filter((f) => name.test(f))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

interface ParsedYaml {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  data: unknown;
}

/** Parses one YAML file; syntax errors (and duplicate keys) become problems with positions. */
export function parseYamlFile(file: string, problems: Problem[]): ParsedYaml | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file, line: 1, col: 1, message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  return parseYamlText(file, text, problems);
}

export function parseYamlText(file: string, text: string, problems: Problem[]): ParsedYaml | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
      problems.push({ file, line: pos.line, col: pos.col, message: `YAML: ${err.message.split('\n')[0]}` });
    }
    return undefined;
  }
  return { file, doc, lineCounter, data: doc.toJS() };
}

/**
 * Loads and checks every rule file of a pack directory. Either the whole pack is valid, or the
 * result lists every problem found (it never returns half a pack).
 */
export function loadPack(dir: string, expected?: Language, options: { models?: 'read' | 'skip' } = {}): LoadResult<LoadedPack> {
  const problems: Problem[] = [];
  const files = ruleFilesIn(dir);
  const dirLanguage = (LANGUAGES as readonly string[]).includes(basename(dir)) ? (basename(dir) as Language) : undefined;
  let language: Language | undefined = expected ?? dirLanguage;
  const rules: LoadedRule[] = [];
  const seenIds = new Map<string, SourcePosition>();
  let cues: { cues: Cues; at: SourcePosition; atPath: (path: readonly PathKey[]) => SourcePosition } | undefined;
  let bankNames: { groups: string[][]; at: SourcePosition } | undefined;
  let lexicons: { defs: Lexicons; at: (path: readonly PathKey[], key?: string) => SourcePosition } | undefined;
  /** Every `@name` a rule or the cues use, with where it is written: checked once all files are read. */
  const lexiconUses: Array<{ name: string; at: SourcePosition }> = [];
  const usedBy: unknown[] = [];
  const cueUsers: Array<{ at: SourcePosition; needs: 'negated' | 'quoted' | 'unaimed'; id: string }> = [];
  const warnings: Problem[] = [];

  for (const file of files) {
    const parsed = parseYamlFile(file, problems);
    if (!parsed) continue;
    const at = (path: readonly PathKey[], key?: string) => positionOf(parsed.doc, parsed.lineCounter, file, path, key);
    const report = (path: readonly PathKey[], message: string, key?: string) => problems.push({ ...at(path, key), message });

    if (parsed.data === null || parsed.data === undefined) {
      report([], 'the file is empty (expected `language:` and `rules:`)');
      continue;
    }
    const fileResult = RuleFileSchema.safeParse(parsed.data);
    if (!fileResult.success) {
      for (const issue of plainIssues(fileResult.error.issues, parsed.data)) {
        report(issue.path, `${formatPath(issue.path)}: ${issue.message}`, issue.key);
      }
    }
    const raw = parsed.data as Record<string, unknown>;
    const fileLanguage = typeof raw.language === 'string' ? raw.language : undefined;
    if (fileLanguage && (LANGUAGES as readonly string[]).includes(fileLanguage)) {
      if (language === undefined) language = fileLanguage as Language;
      else if (fileLanguage !== language) {
        report(['language'], `language: this file says ${fileLanguage} but the pack ${dirLanguage ? `directory is ${dirLanguage}` : `is ${language}`}`);
      }
    }

    // `@name` items anywhere in the rules' and cues' phrase lists, before any schema check, so an
    // unknown class is reported where it is written even in a rule with other problems.
    collectLexiconRefs(raw.rules, ['rules'], (name, path) => lexiconUses.push({ name, at: at(path) }));
    collectLexiconRefs(raw.cues, ['cues'], (name, path) => lexiconUses.push({ name, at: at(path) }));
    usedBy.push(raw.rules, raw.cues);

    if (isRecord(raw.lexicons)) {
      if (lexicons) {
        const first = lexicons.at(['lexicons']);
        report(['lexicons'], `lexicons: already defined in ${first.file}:${first.line}; a pack defines its lexicons in one file`);
      } else {
        // Each class that is a list of phrases counts as defined even where the schema found a fault
        // in it (reported above), so a reference to it is not also called unknown.
        const defs: Lexicons = {};
        for (const [name, list] of Object.entries(raw.lexicons)) {
          if (!Array.isArray(list)) continue;
          defs[name] = list.filter((p): p is string => typeof p === 'string');
          checkPhraseList(defs[name], ['lexicons', name], report);
        }
        lexicons = { defs, at };
      }
    }

    if (raw.cues !== undefined) {
      const cueResult = CuesSchema.safeParse(raw.cues);
      if (cueResult.success) {
        if (cues) {
          report(['cues'], `cues: already defined in ${cues.at.file}:${cues.at.line}; a pack defines its cues in one file`);
        } else {
          cues = { cues: cueResult.data, at: at(['cues']), atPath: (path) => at(path) };
          checkPhraseList(cueResult.data.negation, ['cues', 'negation'], report);
          checkPhraseList(cueResult.data.quotation, ['cues', 'quotation'], report);
          const mention = cueResult.data.mention;
          if (mention) {
            checkPhraseLists(mention, ['cues', 'mention'], report);
            if (mention.reported_by) checkPhraseLists(mention.reported_by, ['cues', 'mention', 'reported_by'], report);
            if (mention.told) checkPhraseLists(mention.told, ['cues', 'mention', 'told'], report);
            if (mention.described) checkPhraseLists(mention.described, ['cues', 'mention', 'described'], report);
            if (mention.named_after) checkPhraseLists(mention.named_after, ['cues', 'mention', 'named_after'], report);
            if (mention.second_opinion) checkPhraseList(mention.second_opinion.talk, ['cues', 'mention', 'second_opinion', 'talk'], report);
          }
          if (cueResult.data.unaimed) checkPhraseList(cueResult.data.unaimed.aimed, ['cues', 'unaimed', 'aimed'], report);
        }
      }
    }

    const bankResult = raw.bank_names === undefined ? undefined : BankNamesSchema.safeParse(raw.bank_names);
    if (bankResult?.success) {
      if (bankNames) {
        report(['bank_names'], `bank_names: already defined in ${bankNames.at.file}:${bankNames.at.line}; a pack lists its banks in one file`);
      } else {
        bankNames = { groups: checkBankNames(bankResult.data, report), at: at(['bank_names']) };
      }
    }

    const exampleCall = isRecord(raw.example_call) ? raw.example_call : {};
    const rawRules = Array.isArray(raw.rules) ? (raw.rules as unknown[]) : [];
    rawRules.forEach((rawRule, i) => {
      const rulePath: PathKey[] = ['rules', i];
      const id = isRecord(rawRule) && typeof rawRule.id === 'string' ? rawRule.id : undefined;
      if (id !== undefined) {
        const first = seenIds.get(id);
        if (first) report([...rulePath, 'id'], `rules[${i}].id: duplicate id "${id}" (first defined at ${first.file}:${first.line}:${first.col})`);
        else seenIds.set(id, at([...rulePath, 'id']));
      }
      const ruleReport = (path: readonly PathKey[], message: string) =>
        report([...rulePath, ...path], `rules[${i}]${id ? ` (${id})` : ''} ${formatPath(path)}: ${message}`);
      // Patterns and phrases are checked even where the rule has schema problems: every problem at once.
      // A rule with a window reads a few segments; one without reads every segment of every call.
      const ruleWarn = (path: readonly PathKey[], message: string) =>
        warnings.push({ ...at([...rulePath, ...path]), message: `rules[${i}]${id ? ` (${id})` : ''} ${formatPath(path)}: ${message}` });
      checkRawPatterns(rawRule, [], ruleReport, isRecord(rawRule) && 'window' in rawRule ? undefined : ruleWarn);
      const ruleResult = RuleSchema.safeParse(rawRule);
      if (!ruleResult.success) return; // already reported by the file-level parse
      const rule = ruleResult.data;
      checkRule(rule, ruleReport, language);
      if (rule.kind === 'phrase' && rule.unless) {
        if (rule.unless.negated) cueUsers.push({ at: at([...rulePath, 'unless', 'negated']), needs: 'negated', id: rule.id });
        if (rule.unless.quoted) cueUsers.push({ at: at([...rulePath, 'unless', 'quoted']), needs: 'quoted', id: rule.id });
        if (rule.unless.unaimed) cueUsers.push({ at: at([...rulePath, 'unless', 'unaimed']), needs: 'unaimed', id: rule.id });
      }
      if (rule.kind === 'model' && rule.unless?.negated) {
        cueUsers.push({ at: at([...rulePath, 'unless', 'negated']), needs: 'negated', id: rule.id });
      }
      let model: LoadedRule['model'];
      // Skipped only by the trainer, which writes the model files (a pack without them cannot compile).
      if (rule.kind === 'model' && options.models !== 'skip') {
        model = readModel(dir, rule.model, rule.model_sha256, language, (field, message) => ruleReport([field], message));
        if (!model) return;
      }
      rules.push({
        rule,
        ...(model ? { model } : {}),
        position: at(rulePath),
        exampleCall,
        examplePositions: {
          match: rule.examples.match.map((_, j) => at([...rulePath, 'examples', 'match', j])),
          no_match: rule.examples.no_match.map((_, j) => at([...rulePath, 'examples', 'no_match', j])),
        },
      });
    });
  }

  let expandedLexicons: Map<string, string[]> | undefined;
  if (lexicons) {
    const { defs, at } = lexicons;
    const resolved = resolveLexicons(defs);
    expandedLexicons = resolved.expanded;
    for (const p of resolved.problems) {
      const path: PathKey[] = p.index === undefined ? ['lexicons'] : ['lexicons', p.lexicon, p.index];
      problems.push({ ...at(path, p.index === undefined ? p.lexicon : undefined), message: `lexicons.${p.lexicon}: ${p.message}` });
    }
    const used = new Set(lexiconsUsedBy(usedBy, defs));
    for (const name of Object.keys(defs)) {
      if (!used.has(name)) {
        warnings.push({ ...at(['lexicons'], name), message: `lexicons.${name}: no rule uses this class (directly or through another class)` });
      }
    }
  }
  for (const use of lexiconUses) {
    if (!lexicons || !(use.name in lexicons.defs)) problems.push({ ...use.at, message: unknownMessage(use.name, lexicons?.defs) });
  }

  for (const user of cueUsers) {
    if (!cues) {
      problems.push({
        ...user.at,
        message: `rule ${user.id}: unless.${user.needs} needs the pack's cues (a \`cues:\` block with negation, negation_within and quotation in one file of the pack)`,
      });
    } else if (user.needs === 'unaimed' && !cues.cues.unaimed) {
      problems.push({
        ...user.at,
        message: `rule ${user.id}: unless.unaimed needs the pack's \`cues.unaimed\` (the phrases that aim a segment at someone, and the models that read it)`,
      });
    }
  }
  /** Cue lists of model rule ids: each must name a `kind: model` rule of the pack. */
  const modelLists: Array<{ path: string[]; ids: readonly string[] }> = [
    ...(cues?.cues.mention?.second_opinion ? [{ path: ['cues', 'mention', 'second_opinion', 'models'], ids: cues.cues.mention.second_opinion.models }] : []),
    ...(cues?.cues.unaimed ? [{ path: ['cues', 'unaimed', 'models'], ids: cues.cues.unaimed.models }] : []),
  ];
  for (const list of modelLists) {
    list.ids.forEach((id, i) => {
      const rule = rules.find((r) => r.rule.id === id);
      // A rule that is written but did not load (its model file, say) has its own problem already.
      if (!cues || rule?.rule.kind === 'model' || (!rule && seenIds.has(id))) return;
      problems.push({
        ...cues.atPath([...list.path, i]),
        message: `${list.path.join('.')}[${i}]: ${rule ? `rule ${id} is a ${rule.rule.kind} rule` : `no rule ${id} in this pack`}; the models are given by \`kind: model\` rules`,
      });
    });
  }
  if (files.length === 0) problems.push({ file: dir, line: 1, col: 1, message: 'no rule files (*.yaml) in this directory' });
  if (!language && files.length > 0 && problems.length === 0) problems.push({ file: dir, line: 1, col: 1, message: 'cannot tell the pack language' });
  if (problems.length > 0 || !language) return { ok: false, problems: sortProblems(problems) };
  return {
    ok: true,
    value: {
      language,
      dir,
      files,
      rules,
      ...(cues ? { cues: cues.cues } : {}),
      ...(bankNames ? { bankNames: bankNames.groups } : {}),
      ...(lexicons && expandedLexicons ? { lexicons: lexicons.defs, expandedLexicons } : {}),
      warnings: sortProblems(warnings),
    },
  };
}

/**
 * The bank name groups, each name checked: text to match once normalised, no placeholder, and in
 * one group only (a name in two groups would make `{bank}` of one bank match the other's name).
 */
function checkBankNames(names: BankNames, report: (path: readonly PathKey[], message: string, key?: string) => void): string[][] {
  const firstSeen = new Map<string, string>();
  // A bank's own name is reported at its key, another name at its list entry.
  const check = (name: string, bank: string, path: PathKey[], key?: string) => {
    const problem = (message: string) => report(path, `bank_names: "${name}" ${message}`, key);
    if (hasPlaceholder(name)) return problem('is a bank\'s name, not a phrase: no placeholders');
    const normalised = normalisePhrase(name);
    if (normalised === '') return problem('has nothing to match once punctuation and spaces are removed');
    const first = firstSeen.get(normalised);
    if (first !== undefined) return problem(`is listed twice (first under ${first}); each name belongs to one bank`);
    firstSeen.set(normalised, bank);
  };
  return Object.entries(names).map(([bank, others]) => {
    check(bank, bank, ['bank_names'], bank);
    others.forEach((name, i) => check(name, bank, ['bank_names', bank, i]));
    return [bank, ...others];
  });
}

type Reporter = (path: readonly PathKey[], message: string) => void;

/**
 * A model rule's file, read and checked: it exists in the pack, has the model format and the pack's
 * language, and its bytes are the ones the rule pins (`model_sha256`): a retrained model is not used
 * until the rule says so.
 */
function readModel(
  dir: string, file: string, pin: string, language: Language | undefined, report: (field: 'model' | 'model_sha256', message: string) => void,
): LoadedRule['model'] {
  const path = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    report('model', `cannot read the model ${path}: ${(err as Error).message} (npm run train:models writes it)`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    report('model', `the model ${path} is not JSON: ${(err as Error).message}`);
    return undefined;
  }
  const parsed = TextModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    report('model', `the model ${path} is not a ${TEXT_MODEL_FORMAT} model: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    return undefined;
  }
  if (language && parsed.data.language !== language) {
    report('model', `the model ${path} is for ${parsed.data.language}, the pack is ${language}`);
    return undefined;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== pin) {
    report(
      'model_sha256',
      `the model ${path} is not the one this rule was tested with: its sha256 is ${sha256.slice(0, 12)}…, the rule pins ${pin.slice(0, 12)}… ` +
        '(npm run train:models updates the pin; a pack published from the review app must be published again after a retrain)',
    );
    return undefined;
  }
  const model = textModelFromFile(parsed.data);
  if (typeof model === 'string') {
    report('model', `the model ${path}: ${model}`);
    return undefined;
  }
  return { model, digest: sha256.slice(0, 16) };
}

const PHRASE_LIST_KEYS = new Set(['any', 'all', 'none', 'a', 'b', 'clause']);
const NOT_RULE_LOGIC = new Set(['examples', 'example_call', 'title', 'description', 'source', 'name']);

/**
 * Walks a rule as written (valid or not) for what the schema cannot check: every `regex` must
 * compile in RE2, every phrase list entry must use known placeholders and keep some text once
 * normalised. With `warn`, a `regex` without a literal every match must contain (a top-level
 * `a|b`, or nothing but groups and classes) is a warning: the automaton cannot wake it, so it runs on
 * every segment the rule reads.
 */
function checkRawPatterns(node: unknown, path: PathKey[], report: Reporter, warn?: Reporter): void {
  if (Array.isArray(node)) {
    node.forEach((item, k) => checkRawPatterns(item, [...path, k], report, warn));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (NOT_RULE_LOGIC.has(key)) continue;
    if (key === 'regex' && typeof value === 'string') {
      const problem = regexProblem(value);
      if (problem) report([...path, key], problem);
      else if (warn && requiredLiteral(normaliseRegexSource(value)) === undefined) {
        warn([...path, key], `pattern /${value}/ has no literal that every match contains, so it is tried on every segment of every call (slow); write one pattern per alternative, each with its own literal`);
      }
    } else if (PHRASE_LIST_KEYS.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      checkPhraseList(value as string[], [...path, key], report);
    } else checkRawPatterns(value, [...path, key], report, warn);
  }
}

/** Checks that need the parsed rule. */
function checkRule(rule: Rule, report: Reporter, language: Language | undefined): void {
  if ((rule.kind === 'phrase' || rule.kind === 'required') && rule.sound_alike && language === 'en-US') {
    report(['sound_alike'], 'sound_alike compares Mandarin pinyin and has no effect in an en-US pack');
  }
  if (rule.category === 'transcript_quality') {
    report(['category'], 'transcript_quality findings come from the transcript\'s quality estimate (rules/policy.yaml), not from a rule');
  }
  if (rule.kind === 'contact_time' && rule.allowed_hours.from === rule.allowed_hours.to) {
    report(['allowed_hours'], 'from and to are equal: no hour would be allowed');
  }
}

/** Calls `found` with each well-formed `@name` item of a phrase list under `node`, and its path. */
function collectLexiconRefs(node: unknown, path: PathKey[], found: (name: string, path: PathKey[]) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, k) => collectLexiconRefs(item, [...path, k], found));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (NOT_RULE_LOGIC.has(key)) continue;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      value.forEach((item: string, k) => {
        const name = lexiconRef(item);
        if (name !== undefined && !isMalformedRef(item)) found(name, [...path, key, k]);
      });
    } else collectLexiconRefs(value, [...path, key], found);
  }
}

function checkPhraseList(list: readonly string[], path: PathKey[], report: Reporter): void {
  list.forEach((phrase, k) => {
    if (isMalformedRef(phrase)) {
      report([...path, k], `"${phrase}": a lexicon reference is @ and a class name in lower-case words joined by _ (e.g. @violence_verb)`);
      return;
    }
    if (lexiconRef(phrase) !== undefined) return; // checked against the pack's lexicons once every file is read
    for (const problem of placeholderProblems(phrase)) report([...path, k], problem);
    const literal = hasPlaceholder(phrase)
      ? splitTemplate(phrase).map((p) => ('literal' in p ? p.literal : 'x')).join('')
      : phrase;
    if (normalisePhrase(literal) === '') report([...path, k], `"${phrase}" has nothing to match once punctuation and spaces are removed`);
  });
}

/** Every phrase list (array of strings) among an object's own keys, e.g. the cue lists of `cues.mention`. */
function checkPhraseLists(lists: object, path: PathKey[], report: Reporter): void {
  for (const [key, list] of Object.entries(lists)) {
    if (Array.isArray(list) && list.every((p) => typeof p === 'string')) checkPhraseList(list, [...path, key], report);
  }
}

/** RE2 (linear time) compiles the pattern, or says why not: backreferences and lookaround are refused. */
export function regexProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return `pattern /${pattern}/ is not accepted (patterns must run in linear time, RE2 syntax: no backreferences or lookaround): ${(err as Error).message}`;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
