import { z } from 'zod';
import { CategorySchema } from '../domain/category.ts';
import { SeveritySchema } from '../domain/severity.ts';
import { LanguageSchema, SpeakerSchema } from '../domain/transcript.ts';

/**
 * The rule language: what a compliance officer writes in rules/<language>/*.yaml.
 * docs/rule-language.md explains it with examples; rules/rule-file.schema.json is generated from
 * here so editors validate and complete. Every object is strict: a misspelt key is an error, never
 * a silently ignored option.
 */

/** Text shown to users: both working languages, so reviewers see it in theirs. */
export const BilingualTextSchema = z.strictObject({
  'zh-CN': z.string().min(1),
  'en-US': z.string().min(1),
});
export type BilingualText = z.infer<typeof BilingualTextSchema>;

export const LocalisedTextSchema = z.union([z.string().min(1), BilingualTextSchema]);

/**
 * A phrase as the officer writes it. Matching is on normalised text (traditional → simplified,
 * full-width → half-width, case, punctuation, spaces between Chinese characters). Placeholders
 * {bank}, {agentName}, {agentId}, {agency} are filled from the call's metadata.
 */
export const PhraseSchema = z.string().trim().min(1, 'a phrase must not be empty');
export const PhraseListSchema = z.array(PhraseSchema).min(1, 'a phrase list must not be empty');

export const NearSchema = z.strictObject({
  a: PhraseListSchema.describe('First group of phrases'),
  b: PhraseListSchema.describe('Second group of phrases'),
  within: z.number().int().positive().describe('Maximum gap: characters for Chinese, words for English'),
  ordered: z.boolean().default(false).describe('true: a phrase of `a` must come before one of `b`'),
});

/**
 * A frame: phrase lists that must follow each other in order, each step within N characters /
 * words of the end of the step before it, in one sentence. The way to write threats over lexicons:
 * subject → violence verb → target, without listing every sentence.
 */
export const SequenceStepSchema = z.strictObject({
  any: PhraseListSchema.describe('Phrases (or @lexicon references) one of which makes this step'),
  within: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Maximum gap after the previous step: characters for Chinese, words for English (0: adjacent, and then in the same clause unless across_sentence); not on the first step'),
  across_sentence: z
    .boolean()
    .optional()
    .describe('This step may stand in the sentence after the previous step\'s (one sentence end between them at most): a condition and its consequence said as two sentences, "不还钱？那你等着"; not on the first step'),
  same_clause: z
    .boolean()
    .optional()
    .describe('This step stands in the same clause as the previous step (no comma or other clause break between them): the word is said of the person just named, "你特么…", not of what the next clause is about; not on the first step'),
});
export const SequenceSchema = z
  .array(SequenceStepSchema)
  .min(2, 'a sequence needs at least two steps')
  .superRefine((steps, ctx) => {
    steps.forEach((step, i) => {
      if (i === 0 && step.within !== undefined) {
        ctx.addIssue({ code: 'custom', path: [0, 'within'], message: 'the first step of a sequence has no `within` (nothing comes before it)' });
      } else if (i === 0 && step.across_sentence !== undefined) {
        ctx.addIssue({ code: 'custom', path: [0, 'across_sentence'], message: 'the first step of a sequence has no `across_sentence` (nothing comes before it)' });
      } else if (i === 0 && step.same_clause !== undefined) {
        ctx.addIssue({ code: 'custom', path: [0, 'same_clause'], message: 'the first step of a sequence has no `same_clause` (nothing comes before it)' });
      } else if (step.same_clause === true && step.across_sentence === true) {
        ctx.addIssue({ code: 'custom', path: [i, 'same_clause'], message: 'a step cannot be both `same_clause` and `across_sentence`' });
      } else if (i > 0 && step.within === undefined) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'every step after the first needs `within`: how far after the previous step it may start' });
      }
    });
  });

/** Conditions on one segment's text. Several keys in one condition must all hold. */
export interface Condition {
  any?: string[];
  all?: string[];
  none?: string[];
  regex?: string;
  near?: z.input<typeof NearSchema>;
  sequence?: Array<z.input<typeof SequenceStepSchema>>;
  clause?: string[];
  either?: Condition[];
}
export const ConditionSchema: z.ZodType<Condition> = z
  .strictObject({
    any: PhraseListSchema.optional().describe('At least one of these phrases'),
    all: PhraseListSchema.optional().describe('Every one of these phrases, anywhere in the segment'),
    none: PhraseListSchema.optional().describe('None of these phrases may appear in the segment'),
    regex: z.string().min(1).optional().describe('RE2 syntax (linear time); backtracking constructs are refused'),
    near: NearSchema.optional(),
    sequence: SequenceSchema.optional().describe('A frame: phrase lists in order, each within N of the previous (docs/rule-language.md, "Frames")'),
    clause: PhraseListSchema.optional().describe(
      'A clause of the segment that is exactly one of these phrases, between clause marks or the ends of the segment: an interjection standing alone ("草，外卖又送错了")',
    ),
    get either() {
      return z.array(ConditionSchema).min(2).optional().describe('At least one of these conditions');
    },
  })
  .refine((c) => c.any || c.all || c.regex || c.near || c.sequence || c.clause || c.either, {
    message: 'a condition needs at least one of any, all, regex, near, sequence, clause, either (none alone matches everything)',
  });

/** Phrases near a match, for `unless.before` / `unless.after`. */
const NearbySchema = z.strictObject({
  any: PhraseListSchema,
  within: z.number().int().positive(),
  same_clause: z
    .boolean()
    .optional()
    .describe('Only in the match\'s own clause: no comma, full stop or other clause mark between the phrase and the match'),
});

/** One entry, or several with their own distances ("被" right before; a prejudice named anywhere in the clause). */
const NearbyListSchema = z.union([NearbySchema, z.array(NearbySchema).min(1)]);

/** Context that cancels a match: the words are there but do not mean what the rule looks for. */
export const UnlessSchema = z
  .strictObject({
    negated: z.boolean().optional().describe('A negation cue of the language shortly before the match ("不会", "won\'t")'),
    quoted: z.boolean().optional().describe('The segment reports or denounces the words ("您刚才说…", "I would never")'),
    before: NearbyListSchema.optional().describe(
      'Any of these phrases within N characters / words before the match; a list of entries when some phrases need another distance or their own clause',
    ),
    after: NearbyListSchema.optional().describe(
      'Any of these phrases within N characters / words after the match; a list of entries when some phrases need another distance or their own clause',
    ),
    part_of: PhraseListSchema.optional().describe(
      'Longer words that hold the match\'s first or last character (垃圾桶 holds 垃圾, 自杀 holds 杀): the match is part of another word',
    ),
    segment: ConditionSchema.optional().describe('The whole segment satisfies this condition'),
    unaimed: z
      .boolean()
      .optional()
      .describe(
        'The segment names no one the harm could be aimed at (cues.unaimed.aimed: the listener, a group, people in the plural) and the pack\'s text models read it as harmless ("小时候挨打最狠的一次…")',
      ),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'unless needs at least one entry' });

export const RuleSpeakerSchema = z.enum(['agent', 'customer', 'any']);

/** Where in the call a rule looks. One key only. */
export const WindowSchema = z
  .strictObject({
    first_seconds: z.number().positive().optional(),
    last_seconds: z.number().positive().optional(),
    first_agent_turns: z.number().int().positive().optional(),
  })
  .refine((w) => Object.keys(w).length === 1, { message: 'a window has exactly one of first_seconds, last_seconds, first_agent_turns' });

/**
 * Conditions on call metadata: key → value or list of accepted values. `null` in a list accepts a
 * call where the key is absent. Example: { firstContact: true, direction: outbound }.
 */
const MetaValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const AppliesWhenSchema = z.record(z.string(), z.union([MetaValueSchema, z.array(MetaValueSchema).min(1)]));

/** An earlier segment in the call that must exist for the rule to apply (e.g. "我不是他本人"). */
export const OnlyAfterSchema = z.strictObject({
  speaker: RuleSpeakerSchema,
  match: ConditionSchema,
});

const ExampleSegmentSchema = z.strictObject({
  speaker: SpeakerSchema,
  text: z.string(),
  startMs: z.number().nonnegative().optional(),
  endMs: z.number().nonnegative().optional(),
});

const HistoryCallSchema = z.strictObject({
  startedAt: z.string().describe('ISO 8601 with offset'),
  durationMs: z.number().int().nonnegative().optional(),
  connected: z.boolean().optional(),
});

/**
 * An example the rule must (match) or must not (no_match) raise a finding on. A plain string is one
 * segment spoken by the rule's speaker (agent for `any`). Objects describe whole calls.
 */
export const ExampleSchema = z.union([
  z.string().min(1),
  z.strictObject({
    text: z.string().min(1).optional(),
    segments: z.array(ExampleSegmentSchema).optional(),
    call: z.record(z.string(), z.unknown()).optional().describe('Overrides of the example call metadata'),
    history: z.array(HistoryCallSchema).optional().describe('Earlier calls with the same borrower'),
    note: z.string().optional(),
  }),
]);
export type Example = z.infer<typeof ExampleSchema>;

export const ExamplesSchema = z.strictObject({
  match: z.array(ExampleSchema).min(3, 'give at least 3 examples that must match'),
  no_match: z.array(ExampleSchema).min(3, 'give at least 3 examples that must not match'),
});

const ruleBase = {
  id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'ids are lower-case words joined by . or -, e.g. zh.abuse.profanity'),
  title: BilingualTextSchema,
  category: CategorySchema,
  severity: SeveritySchema,
  source: z.string().min(1).describe('The regulation, guideline or agency policy the rule enforces'),
  description: LocalisedTextSchema,
  applies_when: AppliesWhenSchema.optional(),
  enabled: z.boolean().default(true),
  examples: ExamplesSchema,
};

/** A segment says something it must not (or the borrower signals something to act on). */
export const PhraseRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('phrase'),
  speaker: RuleSpeakerSchema,
  window: WindowSchema.optional(),
  sound_alike: z.boolean().default(false).describe('Also match Mandarin homophones by pinyin (ASR errors)'),
  match: ConditionSchema,
  unless: UnlessSchema.optional(),
  only_after: OnlyAfterSchema.optional(),
});

/**
 * A text model scores each segment of the speaker: what a phrase list cannot enumerate (the hundred
 * other wordings of a threat). A segment that a phrase rule of the same category already flagged gets
 * no second finding: the rule's matched words are the better evidence.
 */
export const ModelRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('model'),
  speaker: RuleSpeakerSchema,
  window: WindowSchema.optional(),
  model: z
    .string()
    .regex(/^[\w./-]+\.json$/, 'a .json file of the pack, e.g. models/zh-threat.json')
    .refine((p) => !p.split('/').includes('..') && !p.startsWith('/'), 'a file inside the pack directory')
    .describe('The model file (scripts/train-text-models.ts writes it), relative to the pack directory'),
  model_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits: the sha256 of the model file (npm run train:models writes it)')
    .describe('The sha256 of the model file the rule was written and tested with: a pack loads only with that file'),
  threshold: z.number().gt(0).lt(1).describe('The score (0–1) from which a segment is flagged'),
  only_when: ConditionSchema.optional().describe('The segment must also meet this condition, e.g. address the listener (你, 您)'),
  unless: z
    .strictObject({
      negated: z
        .boolean()
        .optional()
        .describe('The score must reach the threshold without the denied words: each negation cue of the pack and the few characters after it, in its clause ("他不是窝囊废")'),
      part_of: PhraseListSchema.optional().describe(
        'A negation cue inside one of these phrases denies nothing: mercy denied is a threat ("不会放过你", "没好果子吃")',
      ),
    })
    .optional(),
});

/** The speaker must say each element within the window; a finding lists what was missing. */
export const RequiredRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('required'),
  speaker: RuleSpeakerSchema.default('agent'),
  window: WindowSchema.optional(),
  sound_alike: z.boolean().default(false),
  require: z
    .array(z.strictObject({ name: BilingualTextSchema, match: ConditionSchema }))
    .min(1, 'a required rule needs at least one element'),
});

/** The call started outside the allowed local hours (in the call's own UTC offset). */
export const ContactTimeRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('contact_time'),
  allowed_hours: z.strictObject({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    to: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM'),
  }),
});

/** Too many calls or conversations with one borrower in a period (history from the batch or database). */
export const ContactFrequencyRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('contact_frequency'),
  limit: z.number().int().positive().describe('The most allowed; the call that exceeds it is flagged'),
  period: z.enum(['local_day', 'rolling_7_days']),
  count: z.enum(['calls', 'conversations']).describe('calls: every attempt; conversations: connected calls of at least min_conversation_seconds'),
  min_conversation_seconds: z.number().nonnegative().default(30),
});

/** Facts about the recording itself. */
export const RecordingRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('recording'),
  check: z.enum(['missing_recording', 'silent_channel', 'short_recording']),
  short_ratio: z.number().gt(0).lt(1).default(0.8).describe('short_recording: recording shorter than this share of the call duration'),
});

export const RuleSchema = z.discriminatedUnion('kind', [
  PhraseRuleSchema,
  ModelRuleSchema,
  RequiredRuleSchema,
  ContactTimeRuleSchema,
  ContactFrequencyRuleSchema,
  RecordingRuleSchema,
]);
export type Rule = z.output<typeof RuleSchema>;
export type PhraseRule = z.output<typeof PhraseRuleSchema>;
export type ModelRule = z.output<typeof ModelRuleSchema>;
export type RequiredRule = z.output<typeof RequiredRuleSchema>;
export type ContactTimeRule = z.output<typeof ContactTimeRuleSchema>;
export type ContactFrequencyRule = z.output<typeof ContactFrequencyRuleSchema>;
export type RecordingRule = z.output<typeof RecordingRuleSchema>;

/** The text models a cue asks, by their rules' ids, and the score below which every one reads a segment as harmless. */
function harmlessReading(what: string) {
  return {
    models: z.array(z.string().min(1)).min(1).describe(`Ids of the pack's \`kind: model\` rules whose models ${what}`),
    below: z.number().gt(0).lt(1).describe('Every model scoring the segment below this reads it as harmless'),
  };
}

/**
 * Mentioned speech: words that are the object of talk (the complement of a speech act the speaker
 * names, reports or judges) rather than the speaker's own. Read by `unless: { quoted: true }`,
 * clause by clause: a mention never reaches past a comma, a full stop or an `ends_at` word.
 */
export const MentionCuesSchema = z
  .strictObject({
    introduced_by: PhraseListSchema.describe(
      'A speech act whose content follows ("for saying", "stop calling people", "threatening to", "words like"): the rest of its clause is mentioned',
    ),
    acts: PhraseListSchema.optional().describe(
      'Speech acts named as a thing, by a gerund or an infinitive ("saying", "to call someone"): mentioned when the same clause judges them',
    ),
    judged_by: PhraseListSchema.optional().describe(
      'Judgements of a speech act ("is wrong", "is a crime", "not okay"): "<act> ... <judgement>" or "<judgement> <act> ..."',
    ),
    judged_within: z
      .number()
      .int()
      .positive()
      .default(4)
      .describe('How far before an act a judgement may stand ("it is against our policy to call"): words / characters'),
    refers_back: PhraseListSchema.optional().describe(
      'Words that open a clause pointing back at the one before ("this is", "that\'s", "这是", "这种"): a judgement in that clause judges the act before it ("说人家是瘸子，这不好笑")',
    ),
    own_speech: PhraseListSchema.optional().describe(
      'Right before an introducer or act, these make it the speaker\'s own speech act now ("I\'m saying", "the bank is threatening to"): no mention',
    ),
    addressed: PhraseListSchema.optional().describe(
      'Right before a match, these make it direct address, never a mention ("you lowlife", "you piece of ...")',
    ),
    ends_at: PhraseListSchema.optional().describe(
      'Words that end a mention before its clause ends: the speaker speaks for themselves again ("but", "so", "unless")',
    ),
    reported_by: z
      .strictObject({
        speakers: PhraseListSchema.describe('Third parties whose words may be reported ("她", "有人", "网友")'),
        verbs: PhraseListSchema.describe('Reporting verbs ("说", "骂"): the rest of the clause after one is the reported words'),
        within: z.number().int().positive().describe('How far before the verb a speaker may stand, in the same clause ("她最后一句说": 4)'),
        not_after: PhraseListSchema.optional().describe(
          'Right before the speaker, these make it the one spoken to, not the one speaking ("跟他说", "让他说")',
        ),
        listener: PhraseListSchema.optional().describe(
          'Words for the listener: reported words that name them are relayed to them ("他说要打断你的腿") and stay counted',
        ),
        abuse_verbs: PhraseListSchema.optional().describe(
          'Reporting verbs that name the words as abuse ("骂"): what follows is reported even when it names the listener ("他骂你是老赖")',
        ),
        asked_by: PhraseListSchema.optional().describe(
          'Right before the reporting verb, these ask whether the third party said it ("他是不是说过要…", "对方有没有说…"): a complaint checked, as with taken_down',
        ),
        continued_by: PhraseListSchema.optional().describe(
          'A clause that opens with one of these and then a reporting verb has the speaker of the clause before ("他骂你是老赖，还说要…"): Mandarin leaves the subject out',
        ),
        taken_down: PhraseListSchema.optional().describe(
          'Later in the segment, these show the speaker checking or recording what was said ("是吧？", "我都记录下来了", "建议您报警"): reported words that name the listener are then a complaint taken down, not relayed',
        ),
      })
      .optional()
      .describe('Reported speech with words between the speaker and the verb ("她最后一句说…", "有个网友在评论里骂…")'),
    told: z
      .strictObject({
        outcomes: PhraseListSchema.describe(
          'What came of a deed, said later in its sentence ("报了警", "被判了", "was arrested"): the deed is told, not done or threatened',
        ),
        not_after: PhraseListSchema.optional().describe(
          'Right before an outcome, these make it the listener\'s or a supposed one ("你报了警也没用", "就算报警了"): it tells nothing',
        ),
        openers: PhraseListSchema.optional().describe(
          'A sentence that opens as news ("新闻说", "据报道", "according to the news"): what follows in it is reported, unless it names the listener',
        ),
        listener: PhraseListSchema.optional().describe('Words for the listener: news that names them is relayed to them and stays counted'),
      })
      .optional()
      .describe('Deeds told as something that happened ("…，后来他被拘了五天", "新闻说有催收公司爆通讯录"): not the speaker\'s own threat or insult'),
    described: z
      .strictObject({
        doers: PhraseListSchema.describe(
          'A class of people whose practice is described ("有些催收", "暴力催收", "有人"), earlier in the sentence than the match',
        ),
        heads: PhraseListSchema.optional().describe(
          'After the match in its clause, these make it a description of a kind of people or practice ("…的那种", "…的催收")',
        ),
        judged_by: PhraseListSchema.describe(
          'Later in the segment, a judgement of the practice ("违法", "违规", "别理", "可以投诉"): without one a described practice may be a veiled threat ("有些人可不像我这么好说话")',
        ),
      })
      .optional()
      .describe('A practice described and judged ("有些催收会说不还就让你社死，这是违法的"): not the speaker\'s own threat or insult'),
    named_after: z
      .strictObject({
        phrases: PhraseListSchema.describe('Words that name what precedes them as words ("之类的词", "这种话", "这些脏话")'),
        within: z.number().int().nonnegative().describe('How far after the match the phrase may start, in the same sentence (characters / words)'),
      })
      .optional()
      .describe('Words named as words by what follows them ("“弄死你”之类的词", "把您的信息发到网上这种话")'),
    second_opinion: z
      .strictObject({
        talk: PhraseListSchema.describe(
          'Anywhere in the segment, words that talk about abuse rather than commit it: a judgement, a sanction, a complaint taken down, words named as words ("违法", "记录下来", "这种话")',
        ),
        ...harmlessReading('give the second opinion'),
        categories: z.array(CategorySchema).min(1).describe('The categories whose matches the second opinion may cancel (those the models were trained on)'),
      })
      .optional()
      .describe(
        'Talk about abuse that the structures above do not recognise: a match of these categories is cancelled when the segment holds a `talk` word and the text models read it as harmless',
      ),
  })
  .refine((m) => (m.acts === undefined) === (m.judged_by === undefined), {
    message: 'acts and judged_by go together: an act is a mention only where a judgement judges it',
  });

/** Context cues of a language: what counts as negation or reported speech for `unless`. */
export const CuesSchema = z.strictObject({
  negation: PhraseListSchema,
  negation_within: z.number().int().positive().describe('How far before a match a negation cue counts (characters / words)'),
  quotation: PhraseListSchema,
  negation_asked: z
    .strictObject({
      cues: PhraseListSchema.describe('Negation cues that a question turns round ("不想", "不希望")'),
      ends: PhraseListSchema.describe('Question tags that close the cue\'s clause ("吧", "吗")'),
    })
    .optional()
    .describe('A desire denied in a question that expects yes asserts it: "你也不想让你老婆知道吧？" threatens'),
  mention: MentionCuesSchema.optional().describe('Mentioned speech (counter-speech): see docs/rule-language.md'),
  unaimed: z
    .strictObject({
      aimed: PhraseListSchema.describe(
        'Anywhere in the segment, any of these aims it at someone: the listener (你, 您, 先生), a group, people in the plural (他们)',
      ),
      ...harmlessReading('must read the segment as harmless'),
    })
    .optional()
    .describe(
      'Harm aimed at no one: a match of a rule with `unless: { unaimed: true }` is cancelled when its segment holds no `aimed` phrase and every listed model reads it as harmless',
    ),
});

/**
 * The names collectors use for each bank: the name the call metadata carries (or any of the
 * group), then the others ("招商银行: [招行]"). `{bank}` in a phrase matches any name of the group
 * the call's bank belongs to.
 */
export const BankNamesSchema = z
  .record(z.string().min(1), z.array(z.string().min(1)).min(1))
  .describe('Bank name → the other names collectors say for it (abbreviations, former names); {bank} matches any of them');

/** `@name` in a phrase list stands for every phrase of the pack's lexicon `name`. */
export const LEXICON_REF_PREFIX = '@';
export const LEXICON_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Word classes a compliance officer edits once ("violence_verb", "body_part", "family_member"):
 * every rule that says `@violence_verb` follows. A class may include another class by `@name`.
 */
export const LexiconsSchema = z
  .record(
    z.string().regex(LEXICON_NAME, 'lexicon names are lower-case words joined by _, e.g. violence_verb'),
    PhraseListSchema.describe('Phrases of this word class, or @other_class to include another class'),
  )
  .describe('Named word classes; rules refer to them as @name in any phrase list');

/** One rule file. All files of a directory form a pack; they must agree on the language. */
export const RuleFileSchema = z.strictObject({
  language: LanguageSchema,
  example_call: z.record(z.string(), z.unknown()).optional().describe('Defaults for the call metadata of this file\'s examples'),
  cues: CuesSchema.optional(),
  bank_names: BankNamesSchema.optional(),
  lexicons: LexiconsSchema.optional(),
  rules: z.array(RuleSchema).optional(),
});

export type RuleFile = z.output<typeof RuleFileSchema>;
export type Cues = z.output<typeof CuesSchema>;
export type BankNames = z.output<typeof BankNamesSchema>;
export type MentionCues = z.output<typeof MentionCuesSchema>;
export type Lexicons = z.output<typeof LexiconsSchema>;
export type SequenceStep = z.output<typeof SequenceStepSchema>;

/**
 * The complaint procedure's clocks for one bank (rules/policy.yaml `deadlines:`). Hours are calendar
 * hours (nights and holidays count): the procedure promises a response within 24 hours, not 24
 * working hours. The solution's deadline is the one promised to the borrower (set on the case).
 */
const DeadlineHoursSchema = z.number().positive().max(24 * 365);
export const DeadlineSettingsSchema = z.strictObject({
  first_response_hours: DeadlineHoursSchema.default(24).describe('First response to the complainant, from receipt; met only by a contact record with the borrower'),
  report_to_bank_hours: DeadlineHoursSchema.default(2).describe('First report to the bank ("at once"), from acceptance; met by a contact record with the bank'),
  written_report_hours: DeadlineHoursSchema.default(72).describe('The written report to the bank (cause analysis, resolution, lessons), from resolution'),
  follow_up_hours: DeadlineHoursSchema.default(168).describe('The call back to the borrower, from the written report'),
  risk_review_hours: DeadlineHoursSchema.default(72).describe('Review of a risk case opened by triage (escalate or dismiss), from opening'),
  regulator_days: z.number().int().positive().max(90).default(15).describe("The bank's decision deadline towards its regulator, calendar days from receipt (extendable on the case)"),
  warn_at: z
    .array(z.number().gt(0).lt(1))
    .min(1)
    .max(5)
    .default([0.75, 0.9])
    .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), { message: 'warn_at must be increasing' })
    .describe('Shares of a deadline\'s time at which it warns (increasing, below 1); 1 is the breach'),
});
export type DeadlineSettings = z.output<typeof DeadlineSettingsSchema>;

export const DeadlinesPolicySchema = z.strictObject({
  default: DeadlineSettingsSchema.prefault({}),
  banks: z
    .record(z.string().min(1), DeadlineSettingsSchema.partial())
    .default({})
    .describe('Per-bank overrides, by the bank\'s registered name (or any of its names in bank_names); keys not given come from default'),
});
export type DeadlinesPolicy = z.output<typeof DeadlinesPolicySchema>;

/** rules/policy.yaml: how findings become a risk score and when a case opens. */
export const PolicySchema = z.strictObject({
  severity_weights: z.strictObject({
    low: z.number().nonnegative(),
    medium: z.number().nonnegative(),
    high: z.number().nonnegative(),
    critical: z.number().nonnegative(),
  }),
  open_case_at: z.number().positive().describe('A call whose risk score reaches this opens (or joins) a case'),
  open_case_on_critical: z.boolean().default(true),
  unknown_speaker: z
    .enum(['match', 'skip'])
    .default('match')
    .describe('match: agent/customer rules also read segments whose speaker is unknown (mono recordings); the finding says unknown'),
  first_response_hours: z.number().positive().default(24).describe('SLA for the first response to a case'),
  transcript_quality_threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('A transcript whose quality estimate (0..1) is below this gets a transcript_quality finding: a person must listen to the call'),
  deadlines: DeadlinesPolicySchema.prefault({}).describe("The complaint procedure's deadlines, with per-bank overrides"),
  qa_sampling: z
    .strictObject({
      percent: z.number().min(0).max(100).default(2).describe('Share of each agent\'s unflagged calls of a week drawn for review, in percent'),
      minimum: z.number().int().min(0).default(2).describe('At least this many unflagged calls per agent per week (all of them when the agent has fewer)'),
      claim_minutes: z.number().int().positive().default(30).describe('A reviewer\'s claim on a call lapses after this long, so another reviewer may take it'),
    })
    .default({ percent: 2, minimum: 2, claim_minutes: 30 })
    .describe('The QA floor: the weekly random sample of unflagged calls, and how long a claimed call stays with its reviewer (docs/qa.md)'),
});
export type Policy = z.output<typeof PolicySchema>;
