import { RE2JS } from 're2js';
import type { Language } from '../domain/transcript.ts';
import { AhoCorasick } from './aho-corasick.ts';
import type { LoadedPack, LoadedRule } from './load-pack.ts';
import { normalisePhrase, normaliseRegexSource } from './normalise.ts';
import { requiredLiteral } from './regex-literal.ts';
import { pinyinKey } from './pinyin-key.ts';
import { hasPlaceholder, splitTemplate, type TemplatePart } from './placeholders.ts';
import type {
  Condition,
  ContactFrequencyRule,
  ContactTimeRule,
  Cues,
  MentionCues,
  ModelRule,
  PhraseRule,
  RecordingRule,
  RequiredRule,
  Rule,
  SequenceStep,
} from './rule-schema.ts';
import { modelRuleVersion, ruleVersion } from './rule-version.ts';
import type { TextModel } from './text-model.ts';
import { expandPhrases } from './lexicons.ts';

/**
 * Compilation turns a loaded pack into what the scanner runs: every phrase of every rule (and the
 * pack's negation / quotation cues) interned once and put into ONE Aho–Corasick automaton, a second
 * automaton over pinyin keys for the phrases of sound-alike rules, RE2 programs for patterns, and
 * per rule the phrase ids it listens to. Done once per pack; per call only placeholders are filled.
 */

/** A phrase as a rule refers to it: the shared id, and the spelling the rule author wrote. */
export interface PhraseRef {
  id: number;
  text: string;
}

export interface CompiledCondition {
  any?: PhraseRef[];
  /** Phrase id → refs of `any` (a phrase can be listed twice in different spellings). */
  anyById?: Map<number, PhraseRef[]>;
  all?: PhraseRef[];
  none?: PhraseRef[];
  /** `trigger`: a literal every match must contain; its hit makes the rule worth evaluating. */
  regex?: { source: string; re: RE2JS; trigger?: PhraseRef };
  near?: { a: PhraseList; b: PhraseList; within: number; ordered: boolean };
  /** A frame: steps in order, each starting at most `within` after the previous one ends. */
  sequence?: Array<PhraseList & { within: number; acrossSentence: boolean; sameClause: boolean }>;
  /** Phrases that hold only as a whole clause of the segment (an interjection standing alone). */
  clause?: PhraseRef[];
  either?: CompiledCondition[];
}

/**
 * A phrase list with its refs indexed by phrase id: a list filled from lexicons can hold hundreds of
 * phrases, and the scanner then walks the segment's few hits instead of the whole list.
 */
export interface PhraseList {
  refs: PhraseRef[];
  byId: Map<number, PhraseRef[]>;
}

export interface CompiledUnless {
  negated: boolean;
  quoted: boolean;
  before?: Nearby[];
  after?: Nearby[];
  /** Words the match is part of: matched as written, never by sound. */
  partOf?: PhraseRef[];
  segment?: CompiledCondition;
  /** The pack's second opinion may cancel the match (the rule reads quotation and its category is one the models judge). */
  secondOpinion?: boolean;
  /** A segment aimed at no one that the models read as harmless cancels the match (cues.unaimed). */
  unaimed?: boolean;
}

interface CompiledBase {
  index: number;
  id: string;
  version: string;
  /** The model files the rule's findings depend on (its own model, or the second opinion's), for its version hashes. */
  modelDigest?: string;
  loaded: LoadedRule;
  title: string;
}
export interface CompiledPhraseRule extends CompiledBase {
  kind: 'phrase';
  rule: PhraseRule;
  match: CompiledCondition;
  unless?: CompiledUnless;
  onlyAfter?: { speaker: PhraseRule['speaker']; match: CompiledCondition; evaluateAlways: boolean };
  /** The condition can hold without any phrase hit (it has a regex): evaluate on every segment. */
  evaluateAlways: boolean;
}
export interface CompiledRequiredRule extends CompiledBase {
  kind: 'required';
  rule: RequiredRule;
  require: Array<{ name: string; match: CompiledCondition }>;
  /** Some element can hold without any phrase hit (a regex with no required literal). */
  evaluateAlways: boolean;
}
export interface CompiledModelRule extends CompiledBase {
  kind: 'model';
  rule: ModelRule;
  model: TextModel;
  onlyWhen?: CompiledCondition;
  /** Phrases inside which a negation cue denies nothing (unless.part_of), when the rule reads negation. */
  negationPartOf?: PhraseRef[];
  /** The enabled phrase rules of the same category: a segment one of them flags gets no model finding. */
  coveredBy: CompiledPhraseRule[];
}
export interface CompiledCallRule extends CompiledBase {
  kind: 'contact_time' | 'contact_frequency' | 'recording';
  rule: ContactTimeRule | ContactFrequencyRule | RecordingRule;
}
export type CompiledRule = CompiledPhraseRule | CompiledModelRule | CompiledRequiredRule | CompiledCallRule;

/** A phrase with placeholders: filled from each call's metadata at scan time. */
export interface TemplatePhrase {
  id: number;
  parts: TemplatePart[];
}

export interface CompiledPack {
  language: Language;
  /** Distances in `within`: characters for Chinese, words for English. */
  units: 'chars' | 'words';
  unknownSpeaker: 'match' | 'skip';
  /** Enabled rules, in file order. */
  rules: CompiledRule[];
  /** Every rule, disabled ones too (examples still run for them). */
  allRules: CompiledRule[];
  loaded: LoadedPack;
  phraseCount: number;
  automaton: AhoCorasick;
  /** Automaton pattern index → phrase id. */
  patternPhrase: number[];
  /** Normalised text of each literal phrase id (undefined for template phrases). */
  phraseText: Array<string | undefined>;
  /** 1 for phrase ids that need no word boundary (regex triggers). */
  noBoundary: Uint8Array;
  soundAlike?: { automaton: AhoCorasick; patternPhrase: number[] };
  templates: TemplatePhrase[];
  /** Normalised bank name → every name of that bank (the pack's bank_names), for filling `{bank}`. */
  bankNames: Map<string, readonly string[]>;
  /** Phrase id → indexes (into allRules) of phrase rules that a hit of it may trigger. */
  phraseRules: number[][];
  cues?: {
    negation: PhraseRef[];
    /** 1 for the phrase ids of `negation`: a segment's few hits are checked instead of the whole list. */
    isNegation: Uint8Array;
    /** Negation cues a question turns round, and the question tags (normalised) that do it. */
    negationAsked?: { cues: string[]; ends: string[] };
    quotation: PhraseRef[];
    negationWithin: number;
    mention?: CompiledMention;
    /** Harm aimed at no one (cues.unaimed): the aiming phrases, normalised and looked up in the text, and the models. */
    unaimed?: { aimed: string[]; models: TextModel[]; below: number };
  };
}

/**
 * The pack's mention cues (see MentionCuesSchema); lists the pack leaves out are empty.
 * Own-speech, addressed and ends-at phrases are common words ("is", "you", "but"): they stay out of the
 * automaton, where they would hit in nearly every segment, and are looked up in the text only for
 * a match that a mention cue might cancel.
 */
export interface CompiledMention {
  introducedBy: PhraseRef[];
  acts: PhraseRef[];
  judgedBy: PhraseRef[];
  judgedWithin: number;
  /** Normalised phrases. */
  ownSpeech: string[];
  /** Normalised phrases. */
  addressed: string[];
  /** Normalised phrases. */
  endsAt: string[];
  /** Normalised phrases. */
  refersBack: string[];
  /** Talk about abuse that the text models read as harmless: see MentionCuesSchema.second_opinion. */
  secondOpinion?: { talk: PhraseRef[]; isTalk: Uint8Array; models: TextModel[]; below: number; categories: ReadonlySet<string> };
  /** Reported speech with words between speaker and verb; the verbs are in the automaton, the rest is looked up in the text. */
  reportedBy?: {
    verbs: PhraseRef[];
    verbTexts: string[];
    speakers: string[];
    within: number;
    notAfter: string[];
    listener: string[];
    abuseVerbs: string[];
    takenDown: string[];
    /** Normalised phrases: a clause opening with one, then a reporting verb, continues the speaker before. */
    continuedBy: string[];
    /** Normalised phrases: right before the reporting verb, they ask whether the words were said. */
    askedBy: string[];
  };
  /** Deeds told as what happened: outcomes and openers are in the automaton, the rest is looked up in the text. */
  told?: { outcomes: PhraseRef[]; openers: PhraseRef[]; notAfter: string[]; listener: string[] };
  /** A practice described and judged: doers, heads and judgements are in the automaton. */
  described?: { doers: PhraseRef[]; heads: PhraseRef[]; judgedBy: PhraseRef[] };
  /** Words named as words by a phrase after them, in the automaton. */
  namedAfter?: { phrases: PhraseRef[]; within: number };
  /** Phrase id → MENTION_* bits (0: not a mention cue). */
  role: Uint16Array;
}

export const MENTION_INTRODUCER = 1;
export const MENTION_ACT = 2;
export const MENTION_JUDGEMENT = 4;
export const MENTION_REPORT_VERB = 8;
export const MENTION_OUTCOME = 16;
export const MENTION_NEWS_OPENER = 32;
export const MENTION_DOER = 64;
export const MENTION_KIND_HEAD = 128;
export const MENTION_PRACTICE_JUDGEMENT = 256;
export const MENTION_NAMED_AFTER = 512;

export interface CompileOptions {
  unknownSpeaker?: 'match' | 'skip';
}

class PhraseTable {
  readonly literalIds = new Map<string, number>();
  readonly templateIds = new Map<string, number>();
  readonly phraseText: Array<string | undefined> = [];
  readonly templates: TemplatePhrase[] = [];
  readonly soundAlikeIds = new Set<number>();
  readonly triggerIds = new Map<string, number>();

  /** A literal a regex needs, found verbatim in the normalised text (no word boundary). */
  trigger(literal: string): PhraseRef {
    let id = this.triggerIds.get(literal);
    if (id === undefined) {
      id = this.phraseText.length;
      this.phraseText.push(literal);
      this.triggerIds.set(literal, id);
    }
    return { id, text: literal };
  }

  ref(text: string, soundAlike: boolean): PhraseRef {
    if (hasPlaceholder(text)) {
      let id = this.templateIds.get(text);
      if (id === undefined) {
        id = this.phraseText.length;
        this.phraseText.push(undefined);
        this.templateIds.set(text, id);
        this.templates.push({ id, parts: splitTemplate(text) });
      }
      return { id, text };
    }
    const key = normalisePhrase(text);
    let id = this.literalIds.get(key);
    if (id === undefined) {
      id = this.phraseText.length;
      this.phraseText.push(key);
      this.literalIds.set(key, id);
    }
    if (soundAlike) this.soundAlikeIds.add(id);
    return { id, text };
  }
}

export function compilePack(pack: LoadedPack, options: CompileOptions = {}): CompiledPack {
  const table = new PhraseTable();
  const allRules: CompiledRule[] = [];
  const lexicons = pack.expandedLexicons;
  const cueRefs = pack.cues ? compileCues(pack.cues, table, lexicons, pack.rules) : undefined;
  const secondOpinion = cueRefs?.mention?.secondOpinion;
  const readsSecondOpinion = (rule: LoadedRule['rule']) =>
    secondOpinion !== undefined && rule.kind === 'phrase' && rule.unless?.quoted === true && secondOpinion.categories.has(rule.category);
  const readsUnaimed = (rule: LoadedRule['rule']) => cueRefs?.unaimed !== undefined && rule.kind === 'phrase' && rule.unless?.unaimed === true;
  // A phrase rule whose matches the models may cancel finds what they say: their files are part of its version.
  const digestOf = (ids: readonly string[]) =>
    [...new Set(ids)]
      .sort()
      .map((id) => `${id}:${pack.rules.find((r) => r.rule.id === id)?.model?.digest ?? ''}`)
      .join(',');
  const modelsRead = (rule: LoadedRule['rule']) => [
    ...(readsSecondOpinion(rule) ? (pack.cues?.mention?.second_opinion?.models ?? []) : []),
    ...(readsUnaimed(rule) ? (pack.cues?.unaimed?.models ?? []) : []),
  ];

  pack.rules.forEach((loaded, index) => {
    const rule = loaded.rule;
    const read = modelsRead(rule);
    const modelDigest = read.length > 0 ? digestOf(read) : loaded.model?.digest;
    const base = {
      index,
      id: rule.id,
      version: ruleVersion(rule, pack.cues, pack.bankNames, pack.lexicons, modelDigest),
      ...(modelDigest ? { modelDigest } : {}),
      loaded,
      title: rule.title[pack.language],
    };
    if (rule.kind === 'phrase') {
      const refs = (list: readonly string[]) => expandPhrases(list, lexicons).map((p) => table.ref(p, rule.sound_alike));
      const match = compileCondition(rule.match, refs, table);
      const unless = rule.unless
        ? {
            negated: rule.unless.negated ?? false,
            quoted: rule.unless.quoted ?? false,
            ...(rule.unless.before ? { before: [rule.unless.before].flat().map((n) => nearby(n, refs)) } : {}),
            ...(rule.unless.after ? { after: [rule.unless.after].flat().map((n) => nearby(n, refs)) } : {}),
            ...(rule.unless.part_of ? { partOf: expandPhrases(rule.unless.part_of, lexicons).map((p) => table.ref(p, false)) } : {}),
            ...(rule.unless.segment ? { segment: compileCondition(rule.unless.segment, refs, table) } : {}),
            ...(readsSecondOpinion(rule) ? { secondOpinion: true } : {}),
            ...(readsUnaimed(rule) ? { unaimed: true } : {}),
          }
        : undefined;
      allRules.push({
        ...base,
        kind: 'phrase',
        rule,
        match,
        ...(unless ? { unless } : {}),
        ...(rule.only_after ? { onlyAfter: onlyAfter(rule.only_after.speaker, compileCondition(rule.only_after.match, refs, table)) } : {}),
        evaluateAlways: needsEveryText(match),
      });
    } else if (rule.kind === 'model') {
      const refs = (list: readonly string[]) => expandPhrases(list, lexicons).map((p) => table.ref(p, false));
      const onlyWhen = rule.only_when ? compileCondition(rule.only_when, refs, table) : undefined;
      if (!loaded.model) throw new Error(`rule ${rule.id}: its model was not loaded (loadPack reads it)`);
      allRules.push({
        ...base,
        kind: 'model',
        rule,
        model: loaded.model.model,
        ...(onlyWhen ? { onlyWhen } : {}),
        ...(rule.unless?.part_of ? { negationPartOf: expandPhrases(rule.unless.part_of, lexicons).map((p) => table.ref(p, false)) } : {}),
        coveredBy: [],
      });
    } else if (rule.kind === 'required') {
      const refs = (list: readonly string[]) => expandPhrases(list, lexicons).map((p) => table.ref(p, rule.sound_alike));
      const require = rule.require.map((el) => ({ name: el.name[pack.language], match: compileCondition(el.match, refs, table) }));
      allRules.push({ ...base, kind: 'required', rule, require, evaluateAlways: require.some((el) => needsEveryText(el.match)) });
    } else {
      allRules.push({ ...base, kind: rule.kind, rule } as CompiledCallRule);
    }
  });

  for (const r of allRules) {
    if (r.kind !== 'model') continue;
    r.coveredBy = allRules.filter((p): p is CompiledPhraseRule => p.kind === 'phrase' && p.rule.enabled && p.rule.category === r.rule.category);
    r.version = modelRuleVersion(r.version, r.coveredBy);
  }

  const patterns: string[] = [];
  const patternPhrase: number[] = [];
  table.phraseText.forEach((text, id) => {
    if (text !== undefined) {
      patterns.push(text);
      patternPhrase.push(id);
    }
  });
  let soundAlike: CompiledPack['soundAlike'];
  if (table.soundAlikeIds.size > 0) {
    const keys: string[] = [];
    const keyPhrase: number[] = [];
    for (const id of table.soundAlikeIds) {
      keys.push(pinyinKey(table.phraseText[id]!));
      keyPhrase.push(id);
    }
    soundAlike = { automaton: new AhoCorasick(keys), patternPhrase: keyPhrase };
  }

  const phraseRules: number[][] = table.phraseText.map(() => []);
  for (const r of allRules) {
    if (r.kind !== 'phrase') continue;
    const ids = new Set<number>();
    collectTriggers(r.match, ids);
    for (const id of ids) phraseRules[id]!.push(r.index);
  }

  return {
    language: pack.language,
    units: pack.language === 'zh-CN' ? 'chars' : 'words',
    unknownSpeaker: options.unknownSpeaker ?? 'match',
    rules: allRules.filter((r) => r.rule.enabled),
    allRules,
    loaded: pack,
    phraseCount: table.phraseText.length,
    automaton: new AhoCorasick(patterns),
    patternPhrase,
    phraseText: table.phraseText,
    noBoundary: Uint8Array.from(table.phraseText, (_, id) => ([...table.triggerIds.values()].includes(id) ? 1 : 0)),
    ...(soundAlike ? { soundAlike } : {}),
    templates: table.templates,
    bankNames: new Map((pack.bankNames ?? []).flatMap((group) => group.map((name) => [normalisePhrase(name), group] as const))),
    phraseRules,
    ...(cueRefs ? { cues: finishCues(cueRefs, table.phraseText.length) } : {}),
  };
}

/** Phrases of `unless.before` / `unless.after`, within N of the match (in its clause when `sameClause`). */
export interface Nearby {
  any: PhraseRef[];
  within: number;
  sameClause: boolean;
}

function nearby(n: { any: readonly string[]; within: number; same_clause?: boolean | undefined }, refs: (list: readonly string[]) => PhraseRef[]): Nearby {
  return { any: refs(n.any), within: n.within, sameClause: n.same_clause ?? false };
}

/** The tables of the cues indexed by phrase id, sized by the pack's final phrase count. */
function finishCues(cues: NonNullable<CompiledPack['cues']>, phraseCount: number): NonNullable<CompiledPack['cues']> {
  const isNegation = new Uint8Array(phraseCount);
  for (const r of cues.negation) isNegation[r.id] = 1;
  const opinion = cues.mention?.secondOpinion;
  let mention = cues.mention;
  if (mention && opinion) {
    const isTalk = new Uint8Array(phraseCount);
    for (const r of opinion.talk) isTalk[r.id] = 1;
    mention = { ...mention, secondOpinion: { ...opinion, isTalk } };
  }
  return finishMention({ ...cues, isNegation, ...(mention ? { mention } : {}) }, phraseCount);
}

/** The role table of the mention cues, sized by the pack's final phrase count. */
function finishMention(cues: NonNullable<CompiledPack['cues']>, phraseCount: number): NonNullable<CompiledPack['cues']> {
  const m = cues.mention;
  if (!m) return cues;
  const role = new Uint16Array(phraseCount);
  for (const r of m.introducedBy) role[r.id]! |= MENTION_INTRODUCER;
  for (const r of m.acts) role[r.id]! |= MENTION_ACT;
  for (const r of m.judgedBy) role[r.id]! |= MENTION_JUDGEMENT;
  for (const r of m.reportedBy?.verbs ?? []) role[r.id]! |= MENTION_REPORT_VERB;
  for (const r of m.told?.outcomes ?? []) role[r.id]! |= MENTION_OUTCOME;
  for (const r of m.told?.openers ?? []) role[r.id]! |= MENTION_NEWS_OPENER;
  for (const r of m.described?.doers ?? []) role[r.id]! |= MENTION_DOER;
  for (const r of m.described?.heads ?? []) role[r.id]! |= MENTION_KIND_HEAD;
  for (const r of m.described?.judgedBy ?? []) role[r.id]! |= MENTION_PRACTICE_JUDGEMENT;
  for (const r of m.namedAfter?.phrases ?? []) role[r.id]! |= MENTION_NAMED_AFTER;
  return { ...cues, mention: { ...m, role } };
}

function compileCues(cues: Cues, table: PhraseTable, lexicons: LoadedPack['expandedLexicons'], rules: readonly LoadedRule[]): NonNullable<CompiledPack['cues']> {
  const refs = (list: readonly string[]) => expandPhrases(list, lexicons).map((p) => table.ref(p, false));
  return {
    negation: refs(cues.negation),
    isNegation: new Uint8Array(0),
    ...(cues.negation_asked
      ? { negationAsked: { cues: expandPhrases(cues.negation_asked.cues, lexicons).map(normalisePhrase), ends: expandPhrases(cues.negation_asked.ends, lexicons).map(normalisePhrase) } }
      : {}),
    quotation: refs(cues.quotation),
    negationWithin: cues.negation_within,
    ...(cues.mention ? { mention: compileMention(cues.mention, table, lexicons, rules) } : {}),
    ...(cues.unaimed
      ? {
          unaimed: {
            // Looked up in the text, not the automaton: 你 would hit in nearly every segment.
            aimed: expandPhrases(cues.unaimed.aimed, lexicons).map(normalisePhrase),
            models: modelsOf(rules, cues.unaimed.models, 'cues.unaimed'),
            below: cues.unaimed.below,
          },
        }
      : {}),
  };
}

/** The text models of the named model rules, for a cue that reads them. */
function modelsOf(rules: readonly LoadedRule[], ids: readonly string[], where: string): TextModel[] {
  return ids.map((id) => {
    const model = rules.find((r) => r.rule.id === id)?.model?.model;
    if (!model) throw new Error(`${where}: the model of rule ${id} was not loaded (loadPack reads it)`);
    return model;
  });
}

function compileMention(m: MentionCues, table: PhraseTable, lexicons: LoadedPack['expandedLexicons'], rules: readonly LoadedRule[]): CompiledMention {
  const expand = (list: readonly string[] | undefined) => expandPhrases(list ?? [], lexicons);
  const refs = (list: readonly string[] | undefined) => expand(list).map((p) => table.ref(p, false));
  const introducedBy = refs(m.introduced_by);
  const acts = refs(m.acts);
  const judgedBy = refs(m.judged_by);
  // Sized once every phrase of the pack is interned (compilePack fills it in): see finishMention.
  return {
    introducedBy,
    acts,
    judgedBy,
    role: new Uint16Array(0),
    judgedWithin: m.judged_within,
    ownSpeech: expand(m.own_speech).map(normalisePhrase),
    addressed: expand(m.addressed).map(normalisePhrase),
    endsAt: expand(m.ends_at).map(normalisePhrase),
    refersBack: expand(m.refers_back).map(normalisePhrase),
    ...(m.reported_by
      ? {
          reportedBy: {
            verbs: refs(m.reported_by.verbs),
            verbTexts: expand(m.reported_by.verbs).map(normalisePhrase),
            speakers: expand(m.reported_by.speakers).map(normalisePhrase),
            within: m.reported_by.within,
            notAfter: expand(m.reported_by.not_after).map(normalisePhrase),
            listener: expand(m.reported_by.listener).map(normalisePhrase),
            abuseVerbs: expand(m.reported_by.abuse_verbs).map(normalisePhrase),
            takenDown: expand(m.reported_by.taken_down).map(normalisePhrase),
            continuedBy: expand(m.reported_by.continued_by).map(normalisePhrase),
            askedBy: expand(m.reported_by.asked_by).map(normalisePhrase),
          },
        }
      : {}),
    ...(m.told
      ? {
          told: {
            outcomes: refs(m.told.outcomes),
            openers: refs(m.told.openers),
            notAfter: expand(m.told.not_after).map(normalisePhrase),
            listener: expand(m.told.listener).map(normalisePhrase),
          },
        }
      : {}),
    ...(m.described ? { described: { doers: refs(m.described.doers), heads: refs(m.described.heads), judgedBy: refs(m.described.judged_by) } } : {}),
    ...(m.named_after ? { namedAfter: { phrases: refs(m.named_after.phrases), within: m.named_after.within } } : {}),
    ...(m.second_opinion
      ? {
          secondOpinion: {
            talk: refs(m.second_opinion.talk),
            isTalk: new Uint8Array(0),
            models: modelsOf(rules, m.second_opinion.models, 'cues.mention.second_opinion'),
            below: m.second_opinion.below,
            categories: new Set(m.second_opinion.categories),
          },
        }
      : {}),
  };
}

function compileCondition(c: Condition, refs: (list: readonly string[]) => PhraseRef[], table: PhraseTable): CompiledCondition {
  let regex: CompiledCondition['regex'];
  if (c.regex !== undefined) {
    const source = normaliseRegexSource(c.regex);
    const literal = requiredLiteral(source);
    regex = { source: c.regex, re: RE2JS.compile(source), ...(literal ? { trigger: table.trigger(literal) } : {}) };
  }
  return {
    ...(c.any ? anyWithIndex(refs(c.any)) : {}),
    ...(c.all ? { all: refs(c.all) } : {}),
    ...(c.none ? { none: refs(c.none) } : {}),
    ...(regex ? { regex } : {}),
    ...(c.near
      ? { near: { a: phraseList(refs(c.near.a)), b: phraseList(refs(c.near.b)), within: c.near.within, ordered: c.near.ordered ?? false } }
      : {}),
    ...(c.sequence ? { sequence: c.sequence.map((step) => compileStep(step, refs)) } : {}),
    ...(c.clause ? { clause: refs(c.clause) } : {}),
    ...(c.either ? { either: c.either.map((sub) => compileCondition(sub, refs, table)) } : {}),
  };
}

/**
 * One step of a frame. A step right after the one before (`within: 0`) stays in its clause without
 * being told: with the comma dropped, 一个冲动，他… would otherwise read as 动他.
 */
function compileStep(step: SequenceStep, refs: (list: readonly string[]) => PhraseRef[]): NonNullable<CompiledCondition['sequence']>[number] {
  const within = step.within ?? 0;
  const acrossSentence = step.across_sentence === true;
  return { ...phraseList(refs(step.any)), within, acrossSentence, sameClause: step.same_clause === true || (within === 0 && !acrossSentence) };
}

function anyWithIndex(any: PhraseRef[]): Pick<CompiledCondition, 'any' | 'anyById'> {
  return { any, anyById: phraseList(any).byId };
}

/** Refs indexed by phrase id (a phrase can be listed twice in different spellings). */
function phraseList(refs: PhraseRef[]): PhraseList {
  const byId = new Map<number, PhraseRef[]>();
  for (const ref of refs) {
    const list = byId.get(ref.id);
    if (list) list.push(ref);
    else byId.set(ref.id, [ref]);
  }
  return { refs, byId };
}

function onlyAfter(speaker: PhraseRule['speaker'], match: CompiledCondition): NonNullable<CompiledPhraseRule['onlyAfter']> {
  return { speaker, match, evaluateAlways: needsEveryText(match) };
}

/** A regex without a literal it must contain can match any text: such a rule is tried on every segment. */
function needsEveryText(c: CompiledCondition): boolean {
  const phraseKeys = c.any !== undefined || c.all !== undefined || c.near !== undefined || c.sequence !== undefined || c.clause !== undefined;
  if (phraseKeys) return false; // the phrases must hit anyway
  if (c.regex && !c.regex.trigger) return true;
  if (c.either) return c.either.some(needsEveryText);
  return false;
}

/** Phrases whose hit can make the condition true (`none` phrases only ever make it false). */
function collectTriggers(c: CompiledCondition, into: Set<number>): void {
  for (const ref of [...(c.any ?? []), ...(c.all ?? []), ...(c.near?.a.refs ?? []), ...(c.near?.b.refs ?? []), ...(c.clause ?? [])]) into.add(ref.id);
  if (c.sequence) for (const ref of triggerStep(c.sequence).refs) into.add(ref.id);
  if (c.regex?.trigger) into.add(c.regex.trigger.id);
  c.either?.forEach((sub) => collectTriggers(sub, into));
}

/**
 * The step of a frame whose hit wakes its rule. A frame holds only where every step hits, so one
 * step is enough; the one whose phrases are longest (shortest first, then on average) is likely the
 * rarest, while steps of short common words (我, 你, "you") would wake the rule in nearly every
 * segment for nothing.
 */
export function triggerStep<T extends PhraseList>(steps: readonly T[]): T {
  let best = steps[0]!;
  let bestScore: [number, number] = [-1, -1];
  for (const step of steps) {
    let shortest = Infinity;
    let total = 0;
    for (const ref of step.refs) {
      shortest = Math.min(shortest, ref.text.length);
      total += ref.text.length;
    }
    const score: [number, number] = [shortest, total / step.refs.length];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = step;
      bestScore = score;
    }
  }
  return best;
}

export type { Rule };
