import { describe, expect, it } from 'vitest';
import { compilePack, scanTranscript } from '../../../src/rules/index.ts';
import { expandPhrases, lexiconsUsedBy, resolveLexicons } from '../../../src/rules/lexicons.ts';
import { call, loadPackFrom, pack, rule, ZH_CUES, EN_CUES } from './helpers.ts';

const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);

const ZH_LEXICONS = {
  family_member: ['老婆', '孩子', '父母'],
  target_person: ['你', '你家', '@family_member'],
  violence_verb: ['打断', '砍', '弄死', '收拾'],
  body_part: ['腿', '手', '脑袋'],
  agent_subject: ['我', '我们', '老子'],
};

/** A zh-CN pack whose cues and lexicons sit in their own files, as the shipped packs keep them. */
function zhPack(rules: Array<Record<string, unknown>>, lexicons: Record<string, string[]> = ZH_LEXICONS) {
  const loaded = loadPackFrom('zh-CN', {
    'cues.yaml': { language: 'zh-CN', cues: ZH_CUES },
    'lexicons.yaml': { language: 'zh-CN', lexicons },
    'rules.yaml': { language: 'zh-CN', rules },
  });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('\n'));
  return { loaded: loaded.value, compiled: compilePack(loaded.value) };
}

describe('lexicons', () => {
  it('resolve classes that include other classes, once each and in order', () => {
    const { expanded, problems } = resolveLexicons({ a: ['x', '@b', 'y'], b: ['y', 'z'] });
    expect(problems).toEqual([]);
    expect(expanded.get('a')).toEqual(['x', 'y', 'z']);
    expect(expandPhrases(['w', '@a'], expanded)).toEqual(['w', 'x', 'y', 'z']);
  });

  it('report a cycle and an unknown class on the entry that makes it', () => {
    const { problems } = resolveLexicons({ a: ['x', '@b'], b: ['@a'], c: ['@nope'] });
    expect(problems).toContainEqual(expect.objectContaining({ lexicon: 'b', index: 0, message: expect.stringMatching(/cycle: @a → @b → @a/) }));
    expect(problems).toContainEqual(expect.objectContaining({ lexicon: 'c', index: 0, message: 'unknown lexicon @nope' }));
  });

  it('a rule may use a class anywhere a phrase list is allowed, mixed with phrases', () => {
    const { compiled } = zhPack([
      rule({ id: 'any.rule', match: { any: ['@violence_verb', '揍扁'] } }),
      rule({ id: 'near.rule', match: { near: { a: ['@violence_verb'], b: ['@body_part'], within: 3 } } }),
    ]);
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '再不还就把你揍扁']])))).toEqual(['any.rule']);
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '小心我们打断你的腿']])))).toEqual(['any.rule', 'near.rule']);
    expect(scanTranscript(compiled, call('zh-CN', [['agent', '请您按时还款']]))).toEqual([]);
  });

  it('a class reached through another class counts: family members are targets', () => {
    const { compiled } = zhPack([rule({ match: { near: { a: ['@violence_verb'], b: ['@target_person'], within: 2 } } })]);
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '找人收拾你老婆']])))).toEqual(['test.rule']);
  });

  it('editing a class makes a new version of every rule that uses it, and only of those', () => {
    const rules = [
      rule({ id: 'uses.it', match: { any: ['@target_person'] } }),
      rule({ id: 'does.not', match: { any: ['@body_part'] } }),
    ];
    const before = zhPack(rules).compiled;
    const after = zhPack(rules, { ...ZH_LEXICONS, family_member: [...ZH_LEXICONS.family_member, '爸妈'] }).compiled;
    const version = (p: typeof before, id: string) => p.rules.find((r) => r.id === id)!.version;
    expect(version(after, 'uses.it')).not.toBe(version(before, 'uses.it'));
    expect(version(after, 'does.not')).toBe(version(before, 'does.not'));
    expect(lexiconsUsedBy({ any: ['@target_person'] }, ZH_LEXICONS)).toEqual(['family_member', 'target_person']);
  });

  it('a rule without classes keeps the version it had before lexicons existed', () => {
    const plain = [rule({ match: { any: ['骗子'] } })];
    const withoutLexicons = pack('zh-CN', plain);
    const withLexicons = zhPack(plain).compiled;
    expect(withLexicons.rules[0]!.version).toBe(withoutLexicons.rules[0]!.version);
  });

  it('lint: an unknown class, a cycle, an empty class, a malformed reference and a second block, each with file:line:col', () => {
    const result = loadPackFrom('zh-CN', {
      'a.yaml': [
        'language: zh-CN',
        'lexicons:',
        '  verb: [打, "@loop"]',
        '  loop: ["@verb"]',
        '  empty: []',
        'rules:',
        '  - id: r.one',
        '    kind: phrase',
        '    title: { zh-CN: 测试, en-US: Test }',
        '    category: abuse',
        '    severity: high',
        '    source: test',
        '    description: test',
        '    speaker: agent',
        '    match: { any: ["@verb", "@nonesuch", "@Bad Name"] }',
        '    examples: { match: [a, b, c], no_match: [d, e, f] }',
        '',
      ].join('\n'),
      'b.yaml': { language: 'zh-CN', lexicons: { other: ['x'] } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map((p) => `${p.file.split('/').pop()}:${p.line}:${p.col} ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\.yaml:5:\d+ .*empty.*must not be empty/),
        expect.stringMatching(/^a\.yaml:4:\d+ lexicons\.loop: lexicon cycle: @verb → @loop → @verb/),
        expect.stringMatching(/^a\.yaml:15:\d+ unknown lexicon @nonesuch/),
        expect.stringMatching(/^a\.yaml:15:\d+ .*"@Bad Name": a lexicon reference is @ and a class name/),
        expect.stringMatching(/^b\.yaml:\d+:\d+ lexicons: already defined in .*a\.yaml:3; a pack defines its lexicons in one file/),
      ]),
    );
  });

  it('lint: a class no rule uses is a warning, not an error', () => {
    const { loaded } = zhPack([rule({ match: { any: ['@violence_verb', '@target_person'] } })]);
    // In the order they are written: body_part before agent_subject.
    expect(loaded.warnings.map((w) => w.message)).toEqual([
      'lexicons.body_part: no rule uses this class (directly or through another class)',
      'lexicons.agent_subject: no rule uses this class (directly or through another class)',
    ]);
  });

  it('lint: a regex without a literal every match contains is a warning where it is written (it would run on every segment)', () => {
    const { loaded, compiled } = zhPack([
      rule({ id: 'slow', match: { either: [{ regex: '(?:日|操)(?:你|他)(?:妈|娘)' }, { regex: '^老东西' }, { regex: '(?:真|太)操了' }, { regex: '^(?:老东西|老家伙)' }] } }),
    ]);
    const slow = loaded.warnings.filter((w) => w.message.includes('no literal'));
    // One per pattern that carries no literal; 老东西 and 操了 are literals the automaton wakes them by.
    expect(slow.map((w) => w.message)).toEqual([
      'rules[0] (slow) match.either[0].regex: pattern /(?:日|操)(?:你|他)(?:妈|娘)/ has no literal that every match contains, so it is tried on every segment of every call (slow); write one pattern per alternative, each with its own literal',
      'rules[0] (slow) match.either[3].regex: pattern /^(?:老东西|老家伙)/ has no literal that every match contains, so it is tried on every segment of every call (slow); write one pattern per alternative, each with its own literal',
    ]);
    expect(slow[0]!.line).toBeGreaterThan(1);
    // A rule with a window reads a few segments of a call: no warning.
    const windowed = zhPack([rule({ id: 'opening', window: { first_agent_turns: 3 }, match: { regex: '^(?:老东西|老家伙)' } })]);
    expect(windowed.loaded.warnings.filter((w) => w.message.includes('no literal'))).toEqual([]);
    // A warning, not an error: the rule still works.
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '操他妈的']])))).toEqual(['slow']);
  });

  it('sound_alike reaches phrases that come from a class (ASR homophones)', () => {
    const { compiled } = zhPack([rule({ sound_alike: true, match: { any: ['@violence_verb'] } })]);
    // 弄死 heard as 弄屎 (nòng shǐ vs nòng sǐ differ; 农死 shares the key nong si)
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '信不信我农死你']])))).toEqual(['test.rule']);
  });
});

describe('sequence frames', () => {
  const threat = rule({
    match: {
      sequence: [{ any: ['@agent_subject'] }, { any: ['@violence_verb'], within: 4 }, { any: ['@target_person', '@body_part'], within: 3 }],
    },
    unless: { negated: true, quoted: true },
  });

  it('match the steps in order, each within its gap, whatever words fill the gaps', () => {
    const { compiled } = zhPack([threat]);
    for (const text of ['我今天就砍你', '老子迟早弄死你家', '我们会找人收拾你孩子', '我打断你的腿']) {
      expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', text]]))), text).toEqual(['test.rule']);
    }
  });

  it('do not match out of order, too far apart, or across a sentence', () => {
    const { compiled } = zhPack([threat]);
    for (const text of ['砍你的不是我', '我们公司的律师下个星期会去收拾材料然后你', '我们已经尽力了。砍价的事你找别人']) {
      expect(scanTranscript(compiled, call('zh-CN', [['agent', text]])), text).toEqual([]);
    }
  });

  it('a step marked across_sentence may stand in the next sentence (a condition, then its consequence), never two sentences on', () => {
    const menace = rule({
      match: { sequence: [{ any: ['不还', '不还钱'] }, { any: ['你等着', '不会客气'], within: 6, across_sentence: true }] },
      unless: { negated: true },
    });
    const { compiled } = zhPack([menace]);
    for (const text of ['不还钱？那你等着', '不还钱？！那我们就不会客气了', '今天不还钱，你等着']) {
      expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', text]]))), text).toEqual(['test.rule']);
    }
    for (const text of ['不还钱？好的。你等着，我查一下', '你等着，不还钱的话']) {
      expect(scanTranscript(compiled, call('zh-CN', [['agent', text]])), text).toEqual([]);
    }
    // Without the mark the same frame stays within one sentence.
    const plain = zhPack([rule({ match: { sequence: [{ any: ['不还钱'] }, { any: ['你等着'], within: 6 }] } })]).compiled;
    expect(scanTranscript(plain, call('zh-CN', [['agent', '不还钱？那你等着']]))).toEqual([]);
  });

  it('a step marked same_clause must stand in the clause of the step before it', () => {
    const aimed = rule({ match: { sequence: [{ any: ['你', '他们'] }, { any: ['特么', '扯犊子'], within: 8, same_clause: true }] } });
    const { compiled } = zhPack([aimed]);
    for (const text of ['你特么到底还不还', '他们这些人就会扯犊子']) {
      expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', text]]))), text).toEqual(['test.rule']);
    }
    for (const text of ['你放心，特么这种话我们不说', '你稍等（扯犊子的事不谈）']) {
      expect(scanTranscript(compiled, call('zh-CN', [['agent', text]])), text).toEqual([]);
    }
    // Without the mark a frame may cross a comma within its sentence.
    const plain = zhPack([rule({ match: { sequence: [{ any: ['你'] }, { any: ['特么'], within: 8 }] } })]).compiled;
    expect(ids(scanTranscript(plain, call('zh-CN', [['agent', '你放心，特么这种话我们不说']])))).toEqual(['test.rule']);
  });

  it('a step right after the one before (within 0) stays in its clause without being told', () => {
    const adjacent = rule({ match: { sequence: [{ any: ['动'] }, { any: ['他', '你'], within: 0 }] } });
    const { compiled } = zhPack([adjacent]);
    expect(ids(scanTranscript(compiled, call('zh-CN', [['agent', '谁敢动他一下试试']])))).toEqual(['test.rule']);
    expect(scanTranscript(compiled, call('zh-CN', [['agent', '因为一时冲动，他在里面待了十年']]))).toEqual([]);
    // A step that may cross a sentence end is not held to its clause by a zero gap.
    const across = zhPack([rule({ match: { sequence: [{ any: ['不还钱'] }, { any: ['你等着'], within: 0, across_sentence: true }] } })]).compiled;
    expect(ids(scanTranscript(across, call('zh-CN', [['agent', '不还钱？你等着']])))).toEqual(['test.rule']);
  });

  it('refuse same_clause on the first step, and together with across_sentence', () => {
    const first = loadPackFrom('zh-CN', { 'rules.yaml': { language: 'zh-CN', rules: [rule({ match: { sequence: [{ any: ['你'], same_clause: true }, { any: ['特么'], within: 2 }] } })] } });
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.problems.map((p) => p.message).join('\n')).toMatch(/first step of a sequence has no `same_clause`/);
    const both = loadPackFrom('zh-CN', {
      'rules.yaml': { language: 'zh-CN', rules: [rule({ match: { sequence: [{ any: ['你'] }, { any: ['特么'], within: 2, same_clause: true, across_sentence: true }] } })] },
    });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.problems.map((p) => p.message).join('\n')).toMatch(/both `same_clause` and `across_sentence`/);
  });

  it('quote the whole frame as said, in the original characters', () => {
    const { compiled } = zhPack([threat]);
    const [f] = scanTranscript(compiled, call('zh-CN', [['agent', '再拖，老子遲早弄死你！']]));
    expect(f?.matched).toEqual(['老子遲早弄死你']);
  });

  it('a negation before any step cancels the frame, not only before its first word', () => {
    const { compiled } = zhPack([threat]);
    expect(scanTranscript(compiled, call('zh-CN', [['agent', '我们绝不会收拾你，请放心']]))).toEqual([]);
    expect(scanTranscript(compiled, call('zh-CN', [['agent', '我不会砍你']]))).toEqual([]);
    expect(scanTranscript(compiled, call('zh-CN', [['agent', '您刚才说我要砍你？没有这回事']]))).toEqual([]);
  });

  it('count words for English', () => {
    const p = pack(
      'en-US',
      [
        rule({
          match: { sequence: [{ any: ['we', 'i'] }, { any: ['sue', 'garnish'] }, { any: ['you', 'your wages'], within: 1 }].map((s, i) => (i === 0 ? s : { ...s, within: i === 1 ? 3 : 1 })) },
          unless: { negated: true },
        }),
      ],
      { cues: EN_CUES },
    );
    expect(ids(scanTranscript(p, call('en-US', [['agent', 'we are going to garnish your wages']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('en-US', [['agent', 'we are not going to sue you']]))).toEqual([]);
    expect(scanTranscript(p, call('en-US', [['agent', 'we will call you tomorrow and discuss whether anyone might sue']]))).toEqual([]);
  });

  it('lint: the first step has no within, every later step needs one', () => {
    const result = loadPackFrom('zh-CN', {
      'rules.yaml': {
        language: 'zh-CN',
        rules: [rule({ match: { sequence: [{ any: ['我'], within: 2 }, { any: ['砍'] }] } })],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/sequence\[0\]\.within: the first step of a sequence has no `within`/),
      expect.stringMatching(/sequence\[1\]: every step after the first needs `within`/),
    ]);
  });

  it('a frame wakes its rule from its rarest step, so a frame over common words stays cheap', () => {
    const { compiled } = zhPack([threat]);
    const r = compiled.rules[0]!;
    const triggered = compiled.phraseRules.flatMap((rules, id) => (rules.includes(r.index) ? [compiled.phraseText[id]] : []));
    expect(triggered).toEqual(expect.arrayContaining(['打断', '砍', '弄死', '收拾']));
    expect(triggered).not.toContain('你');
  });
});
