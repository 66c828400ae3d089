import { describe, expect, it } from 'vitest';
import { compilePack, scanTranscript } from '../../../src/rules/index.ts';
import { call, loadPackFrom, pack, rule, ZH_CUES } from './helpers.ts';

const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);

describe('phrase conditions', () => {
  it('any: one of the phrases, reported in the spelling of the rule', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['老賴', '骗子'] } })]);
    const [f, ...rest] = scanTranscript(p, call('zh-CN', [['agent', '你 这 个 老 赖！']]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'test.rule', speaker: 'agent', quote: '你 这 个 老 赖！', matched: ['老賴'], startMs: 0, endMs: 4000 });
    expect(f!.highlights).toEqual([[6, 9]]);
    expect(f!.quote.slice(6, 9)).toBe('老 赖');
    expect(scanTranscript(p, call('zh-CN', [['agent', '您好，请问是李明吗']]))).toEqual([]);
  });

  it('all: every phrase somewhere in the segment', () => {
    const p = pack('zh-CN', [rule({ match: { all: ['通知', '单位'] } })]);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '我们会通知你的单位']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我们会通知你']]))).toEqual([]);
  });

  it('none: any of these phrases cancels the segment', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['起诉'], none: ['依法'] } })]);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '我们马上起诉你']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '银行可能会依法通过诉讼途径解决，也就是起诉']]))).toEqual([]);
  });

  it('regex: RE2 on the normalised text, the quote keeps the original', () => {
    const p = pack('en-US', [rule({ match: { regex: 'pay (within|in) \\d+ hours? or' } })]);
    const [f] = scanTranscript(p, call('en-US', [['agent', 'You PAY in 24 hours, or else.']]));
    expect(f?.matched).toEqual(['PAY in 24 hours, or']);
    expect(scanTranscript(p, call('en-US', [['agent', 'you can pay in two weeks']]))).toEqual([]);
  });

  it('near: within N characters for Chinese, ordered or not', () => {
    const unordered = pack('zh-CN', [rule({ match: { near: { a: ['上门'], b: ['找你'], within: 3 } } })]);
    expect(ids(scanTranscript(unordered, call('zh-CN', [['agent', '明天上门去找你']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(unordered, call('zh-CN', [['agent', '找你的人会上门']])))).toEqual(['test.rule']);
    expect(scanTranscript(unordered, call('zh-CN', [['agent', '明天上门，下个月我们再来电话找你']]))).toEqual([]);
    const ordered = pack('zh-CN', [rule({ match: { near: { a: ['上门'], b: ['找你'], within: 3, ordered: true } } })]);
    expect(scanTranscript(ordered, call('zh-CN', [['agent', '找你的人会上门']]))).toEqual([]);
    expect(ids(scanTranscript(ordered, call('zh-CN', [['agent', '上门找你']])))).toEqual(['test.rule']);
  });

  it('near: within N words for English', () => {
    const p = pack('en-US', [rule({ match: { near: { a: ['arrest'], b: ['you'], within: 3 } } })]);
    expect(ids(scanTranscript(p, call('en-US', [['agent', 'the police will arrest you']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(p, call('en-US', [['agent', 'you will be under arrest']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('en-US', [['agent', 'you should know that an arrest is not something we do']]))).toEqual([]);
  });

  it('either: at least one sub-condition; keys of one condition must all hold', () => {
    const p = pack('zh-CN', [
      rule({ match: { either: [{ any: ['拘留'] }, { all: ['抓', '警察'] }], none: ['不会'] } }),
    ]);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '马上拘留你']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '让警察来抓你']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '警察不会抓你']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '让警察来']]))).toEqual([]);
  });

  it('clause: the phrase is a whole clause, between clause marks or the ends of the segment', () => {
    const zh = pack('zh-CN', [rule({ match: { clause: ['草', '我日'] } })]);
    for (const text of ['草，外卖又送错了', '又堵车了，我日！', '唉，草。烦死了', '我日']) {
      expect(ids(scanTranscript(zh, call('zh-CN', [['agent', text]]))), text).toEqual(['test.rule']);
    }
    for (const text of ['草地上有只猫', '我日常用这个', '这草，长得真高', '这份报告，我日后再看']) {
      expect(scanTranscript(zh, call('zh-CN', [['agent', text]])), text).toEqual([]);
    }
    const en = pack('en-US', [rule({ match: { clause: ['shit'] } })]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'Shit, I forgot the file.']])))).toEqual(['test.rule']);
    expect(scanTranscript(en, call('en-US', [['agent', 'That shit is expensive.']]))).toEqual([]);
  });
});

describe('normalisation in matching', () => {
  it('matches traditional, full-width and ASR-spaced text', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['投诉', '12378'] } })]);
    expect(ids(scanTranscript(p, call('zh-CN', [['customer', '我要投訴']], {})))).toEqual([]);
    const c = pack('zh-CN', [rule({ speaker: 'customer', match: { any: ['投诉', '12378'] } })]);
    expect(scanTranscript(c, call('zh-CN', [['customer', '我要投訴']]))[0]?.matched).toEqual(['投诉']);
    expect(scanTranscript(c, call('zh-CN', [['customer', '我打１２３７８']]))[0]?.matched).toEqual(['12378']);
    expect(scanTranscript(c, call('zh-CN', [['customer', '我 要 投 诉 你']]))[0]?.matched).toEqual(['投诉']);
  });

  it('never pieces a phrase together across a clause mark or a quotation mark', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['死全家', '日本鬼子'] } })]);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '你怎么不去死全家']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '你們死 全 家']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '他说要拉着她一起死，全家人都吓坏了']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '有人管他们叫“小日本”“鬼子”，这样不对']]))).toEqual([]);
    const en = pack('en-US', [rule({ match: { any: ['you loser'] } })]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'pay up, you loser']])))).toEqual(['test.rule']);
    expect(scanTranscript(en, call('en-US', [['agent', 'thank you, loser of the bet pays']]))).toEqual([]);
  });

  it('never matches an English phrase inside a longer word', () => {
    const p = pack('en-US', [rule({ match: { any: ['ass', 'sue'] } })]);
    expect(scanTranscript(p, call('en-US', [['agent', 'I will pass this to the class, we pursue it']]))).toEqual([]);
    expect(scanTranscript(p, call('en-US', [['agent', 'Sue? We will SUE, you ass.']]))[0]?.matched).toEqual(['sue', 'ass']);
  });
});

describe('sound-alike (pinyin) matching', () => {
  it('matches homophones only for rules that opt in', () => {
    const p = pack('zh-CN', [
      rule({ id: 'sound', sound_alike: true, match: { any: ['傻逼'] } }),
      rule({ id: 'exact', match: { any: ['傻逼'] } }),
      rule({ id: 'complaint', speaker: 'customer', sound_alike: true, match: { any: ['投诉'] } }),
    ]);
    const found = scanTranscript(p, call('zh-CN', [['agent', '你真是个沙比'], ['customer', '我要头速你们']]));
    expect(ids(found)).toEqual(['sound', 'complaint']);
    expect(found[0]!.matched).toEqual(['傻逼']);
    expect(found[0]!.quote.slice(...found[0]!.highlights![0]!)).toBe('沙比');
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '你真是个傻逼']])))).toEqual(['exact', 'sound']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '你好，请准时还款']]))).toEqual([]);
  });

  it('sound-alike: never across a clause break, a bracket or a quotation mark, never through a grammatical character in place of the word\'s own', () => {
    const p = pack('zh-CN', [rule({ id: 'sound', sound_alike: true, match: { any: ['狗屎', '混蛋', '吃屎', '割喉你'] } })]);
    const flagged = (text: string) => ids(scanTranscript(p, call('zh-CN', [['agent', text]])));
    // Homophone spellings and mishearings still match.
    expect(flagged('你就是个混旦')).toEqual(['sound']);
    expect(flagged('你 吃 始 吧')).toEqual(['sound']);
    // The same syllables across two clauses or around a bracket are two words.
    expect(flagged('我还没有结婚，但是有女朋友')).toEqual([]);
    expect(flagged('是狼是狗（侍郎是狗）')).toEqual([]);
    expect(flagged('他对小哥吼“你算老几”')).toEqual([]);
    expect(flagged('他说要割猴你')).toEqual(['sound']);
    // 是 said where 屎 would stand: an ordinary sentence, not the swear word.
    expect(flagged('这条狗是我捡的')).toEqual([]);
    expect(flagged('他假吃是为了拍视频')).toEqual([]);
  });
});

describe('unless', () => {
  it('negated: a negation cue shortly before the match cancels it', () => {
    const zh = pack('zh-CN', [rule({ match: { any: ['上门'] }, unless: { negated: true } })]);
    expect(scanTranscript(zh, call('zh-CN', [['agent', '我们不会上门的，请放心']]))).toEqual([]);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '我们明天就上门']])))).toEqual(['test.rule']);
    // too far away, or across a clause break: not a negation of this match
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '不要以为我们开玩笑明天上门']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '你不还，上门']])))).toEqual(['test.rule']);
    const en = pack('en-US', [rule({ match: { any: ['sue'] }, unless: { negated: true } })]);
    expect(scanTranscript(en, call('en-US', [['agent', 'We are not going to sue you.']]))).toEqual([]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'We are going to sue you.']])))).toEqual(['test.rule']);
  });

  it('negated: a desire denied in a question that expects yes (negation_asked) asserts it', () => {
    const cues = { ...ZH_CUES, negation: [...ZH_CUES.negation, '不想'], negation_asked: { cues: ['不想'], ends: ['吧', '吗'] } };
    const zh = pack('zh-CN', [rule({ match: { any: ['让你老婆知道'] }, unless: { negated: true } })], { cues });
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '你也不想让你老婆知道这件事吧？']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '你也不想让你老婆知道吧']])))).toEqual(['test.rule']);
    // a statement, or a question tag in another clause, still denies
    expect(scanTranscript(zh, call('zh-CN', [['agent', '我们不想让你老婆知道这件事。']]))).toEqual([]);
    expect(scanTranscript(zh, call('zh-CN', [['agent', '我们不想让你老婆知道，您看行吗']]))).toEqual([]);
    // without negation_asked the question is denied like a statement
    const plain = pack('zh-CN', [rule({ match: { any: ['让你老婆知道'] }, unless: { negated: true } })], { cues: { ...ZH_CUES, negation: [...ZH_CUES.negation, '不想'] } });
    expect(scanTranscript(plain, call('zh-CN', [['agent', '你也不想让你老婆知道这件事吧？']]))).toEqual([]);
  });

  it('negated: an A-not-A question (会不会, 能不能, 有没有) asks, it does not deny', () => {
    const zh = pack('zh-CN', [rule({ match: { any: ['上门', '就不好说了'] }, unless: { negated: true } })]);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '我们会不会上门，就看你了']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '你家的车还能不能开就不好说了']])))).toEqual(['test.rule']);
    // The same cue as a denial still cancels.
    expect(scanTranscript(zh, call('zh-CN', [['agent', '我们不会上门，请放心']]))).toEqual([]);
    expect(scanTranscript(zh, call('zh-CN', [['agent', '我们没有上门，是别的公司']]))).toEqual([]);
  });

  it('negated: one cancelled match does not hide another in the same segment', () => {
    const zh = pack('zh-CN', [rule({ match: { any: ['上门'] }, unless: { negated: true } })]);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '我们不会上门，但是明天同事会上门']])))).toEqual(['test.rule']);
  });

  it('quoted: the segment reports or denounces the words', () => {
    const zh = pack('zh-CN', [rule({ match: { any: ['骗子'] }, unless: { quoted: true } })]);
    expect(scanTranscript(zh, call('zh-CN', [['agent', '您刚才说我们是骗子，我们是正规机构']]))).toEqual([]);
    expect(ids(scanTranscript(zh, call('zh-CN', [['agent', '你就是个骗子']])))).toEqual(['test.rule']);
    const en = pack('en-US', [rule({ match: { any: ['threaten you'] }, unless: { quoted: true } })]);
    expect(scanTranscript(en, call('en-US', [['agent', 'I would never threaten you, sir.']]))).toEqual([]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'I threaten you now']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'Let me threaten you then']])))).toEqual(['test.rule']);
  });

  it('before / after / segment', () => {
    const p = pack('en-US', [
      rule({
        match: { any: ['lawsuit'] },
        unless: { before: { any: ['may'], within: 3 }, after: { any: ['if necessary'], within: 1 }, segment: { any: ['attorney'] } },
      }),
    ]);
    expect(scanTranscript(p, call('en-US', [['agent', 'we may file a lawsuit']]))).toEqual([]);
    expect(scanTranscript(p, call('en-US', [['agent', 'a lawsuit if necessary']]))).toEqual([]);
    expect(scanTranscript(p, call('en-US', [['agent', 'a lawsuit, your attorney will hear from us']]))).toEqual([]);
    expect(ids(scanTranscript(p, call('en-US', [['agent', 'a lawsuit is coming tomorrow']])))).toEqual(['test.rule']);
  });
  it('before / after as a list: each entry with its own distance and clause', () => {
    const p = pack('zh-CN', [
      rule({
        match: { any: ['恶心'] },
        unless: { before: [{ any: ['吃过'], within: 1 }, { any: ['歧视'], within: 10, same_clause: true }] },
      }),
    ]);
    const flagged = (text: string) => ids(scanTranscript(p, call('zh-CN', [['agent', text]])));
    expect(flagged('这是我吃过最恶心的菜')).toEqual([]);
    expect(flagged('那些歧视外地人的人真恶心')).toEqual([]);
    // Each entry keeps its own limits: 吃过 too far, 歧视 in the clause before.
    expect(flagged('吃过了饭，你真让人恶心')).toEqual(['test.rule']);
    expect(flagged('别说歧视，你真恶心')).toEqual(['test.rule']);
  });

  it('before / after with same_clause: only in the match\'s own clause', () => {
    const p = pack('zh-CN', [
      rule({
        match: { any: ['发到网上'] },
        unless: { before: { any: ['你把'], within: 10, same_clause: true }, after: { any: ['的话'], within: 2, same_clause: true } },
      }),
    ]);
    // The listener as the actor, in the same clause: not a threat of ours.
    expect(scanTranscript(p, call('zh-CN', [['agent', '你把截图发到网上也没用']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '要是发到网上的话']]))).toEqual([]);
    // The same words in the clause before do not reach across the comma.
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '你把电话挂了，我就发到网上']])))).toEqual(['test.rule']);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '马上发到网上，的话我不多说']])))).toEqual(['test.rule']);
    // Without same_clause, as before, the phrase reaches across it.
    const across = pack('zh-CN', [rule({ match: { any: ['发到网上'] }, unless: { before: { any: ['你把'], within: 10 } } })]);
    expect(scanTranscript(across, call('zh-CN', [['agent', '你把电话挂了，我就发到网上']]))).toEqual([]);
  });

  it('part_of: a longer word that holds the first or last character of the match cancels it', () => {
    const p = pack('zh-CN', [
      rule({
        match: { either: [{ near: { a: ['河南人'], b: ['垃圾'], within: 10 } }, { any: ['傻逼'] }] },
        unless: { part_of: ['垃圾街', '垃圾桶', '自杀', '傻逼'] },
        sound_alike: true,
      }),
    ]);
    // 垃圾 opens the match and belongs to 垃圾街; at its end it belongs to 垃圾桶.
    expect(scanTranscript(p, call('zh-CN', [['agent', '我住在垃圾街，隔壁是河南人']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '河南人的邻居把垃圾桶搬走了']]))).toEqual([]);
    // 杀逼 sounds like the insult, but its 杀 belongs to 自杀, its 逼 to the next words.
    expect(scanTranscript(p, call('zh-CN', [['agent', '他假装自杀逼她回来']]))).toEqual([]);
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '他就是个煞笔']])))).toEqual(['test.rule']);
    // A listed word that is exactly the match is the match itself, and cancels nothing.
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '你个傻逼']])))).toEqual(['test.rule']);
    // Elsewhere in the segment, the longer word leaves the match alone.
    expect(ids(scanTranscript(p, call('zh-CN', [['agent', '河南人都是垃圾，扔进垃圾桶']])))).toEqual(['test.rule']);
  });
});

describe('speaker', () => {
  it("a borrower's insult is not the agent's", () => {
    const p = pack('zh-CN', [rule({ match: { any: ['骗子'] } })]);
    expect(scanTranscript(p, call('zh-CN', [['customer', '你们这些骗子']]))).toEqual([]);
    const any = pack('zh-CN', [rule({ speaker: 'any', match: { any: ['骗子'] } })]);
    expect(scanTranscript(any, call('zh-CN', [['customer', '你们这些骗子']]))[0]?.speaker).toBe('customer');
  });

  it('unknown speakers are read by agent and customer rules unless the policy says skip; the finding says unknown', () => {
    const rules = [rule({ match: { any: ['骗子'] } })];
    const t = call('zh-CN', [['unknown', '你们这些骗子']]);
    expect(scanTranscript(pack('zh-CN', rules), t)[0]?.speaker).toBe('unknown');
    expect(scanTranscript(pack('zh-CN', rules, { compile: { unknownSpeaker: 'skip' } }), t)).toEqual([]);
  });
});

describe('windows and order', () => {
  const segs: Array<['agent' | 'customer', string]> = [
    ['agent', '您好'],
    ['agent', '请问是李明吗'],
    ['customer', '是我'],
    ['agent', '第二轮'],
    ['customer', '嗯'],
    ['agent', '第三轮'],
  ];
  it('first_seconds / last_seconds', () => {
    const first = pack('zh-CN', [rule({ speaker: 'any', window: { first_seconds: 11 }, match: { any: ['是我', '嗯'] } })]);
    expect(scanTranscript(first, call('zh-CN', segs)).map((f) => f.segmentIndex)).toEqual([2]);
    const last = pack('zh-CN', [rule({ speaker: 'any', window: { last_seconds: 6 }, match: { any: ['是我', '嗯'] } })]);
    expect(scanTranscript(last, call('zh-CN', segs)).map((f) => f.segmentIndex)).toEqual([4]);
  });

  it('first_agent_turns counts runs of agent segments', () => {
    const p = pack('zh-CN', [rule({ speaker: 'agent', window: { first_agent_turns: 2 }, match: { any: ['第二轮', '第三轮', '请问'] } })]);
    expect(scanTranscript(p, call('zh-CN', segs)).map((f) => f.segmentIndex)).toEqual([1, 3]);
  });

  it('only_after: an earlier segment must have said something', () => {
    const p = pack('zh-CN', [
      rule({
        category: 'third_party_disclosure',
        only_after: { speaker: 'customer', match: { any: ['不是本人', '我是他'] } },
        match: { any: ['欠款', '逾期'] },
      }),
    ]);
    expect(ids(scanTranscript(p, call('zh-CN', [['customer', '我不是本人，我是他妈妈'], ['agent', '他信用卡逾期了']])))).toEqual(['test.rule']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '您的信用卡逾期了'], ['customer', '我不是本人']]))).toEqual([]);
  });
});

describe('applies_when', () => {
  it('compares metadata values; a list accepts any; null accepts a missing key; dotted keys reach nested ones', () => {
    const p = pack('zh-CN', [
      rule({ id: 'first', applies_when: { firstContact: true }, match: { any: ['还钱'] } }),
      rule({ id: 'team', applies_when: { team: ['a', null] }, match: { any: ['还钱'] } }),
      rule({ id: 'rec', applies_when: { 'recording.present': false }, match: { any: ['还钱'] } }),
    ]);
    const seg: Array<['agent', string]> = [['agent', '快还钱']];
    expect(ids(scanTranscript(p, call('zh-CN', seg)))).toEqual(['first', 'team']);
    expect(ids(scanTranscript(p, call('zh-CN', seg, { firstContact: false, team: 'b' })))).toEqual([]);
    expect(ids(scanTranscript(p, call('zh-CN', seg, { team: 'a', recording: { present: false } })))).toEqual(['first', 'rec', 'team']);
  });
});

describe('placeholders', () => {
  const p = pack('zh-CN', [
    rule({
      kind: 'required',
      speaker: 'agent',
      category: 'disclosure_missing',
      require: [
        { name: { 'zh-CN': '受托', 'en-US': 'mandate' }, match: { any: ['受{bank}委托'] } },
        { name: { 'zh-CN': '工号', 'en-US': 'agent id' }, match: { any: ['工号{agentId}'] } },
      ],
    }),
  ]);

  it("are filled from the call's metadata", () => {
    expect(scanTranscript(p, call('zh-CN', [['agent', '工号8023，受招商银行委托']]))).toEqual([]);
    const [f] = scanTranscript(p, call('zh-CN', [['agent', '工号8023，受建设银行委托']]));
    expect(f).toMatchObject({ matched: ['受托'], speaker: 'agent', category: 'disclosure_missing', quote: '' });
    expect(scanTranscript(p, call('zh-CN', [['agent', '工号9999，受招商银行委托']]))[0]?.matched).toEqual(['工号']);
  });

  it('match 1–12 characters where the metadata lacks the value', () => {
    const noAgentId = { agentId: undefined };
    const t = call('zh-CN', [['agent', '工号9999，受建设银行委托']], { bank: '', ...noAgentId });
    t.call.agentId = undefined as unknown as string;
    expect(scanTranscript(p, t)).toEqual([]);
    const t2 = call('zh-CN', [['agent', '工号9999，受托']], {});
    t2.call.bank = undefined as unknown as string;
    expect(scanTranscript(p, t2)[0]?.matched).toEqual(['受托', '工号']);
  });

  it('work in English with words', () => {
    const en = pack('en-US', [rule({ match: { any: ['calling from {agency} about'] } })]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'I am calling from Acme Recovery about the bill']], { agency: 'Acme Recovery' })))).toEqual(['test.rule']);
    expect(scanTranscript(en, call('en-US', [['agent', 'I am calling from Other Co about it']], { agency: 'Acme Recovery' }))).toEqual([]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'I am calling from Other Co about it']])))).toEqual(['test.rule']);
    expect(scanTranscript(en, call('en-US', [['agent', 'calling from a very long company name we never heard about it']]))).toEqual([]);
  });
});

describe('required rules', () => {
  const p = pack('zh-CN', [
    rule({
      kind: 'required',
      speaker: 'agent',
      category: 'disclosure_missing',
      window: { first_agent_turns: 2 },
      require: [
        { name: { 'zh-CN': '受托', 'en-US': 'mandate' }, match: { any: ['受{bank}委托'] } },
        { name: { 'zh-CN': '录音', 'en-US': 'recording' }, match: { any: ['录音'] } },
      ],
    }),
  ]);
  it('lists every missing element, only within the window', () => {
    const late = call('zh-CN', [['agent', '您好'], ['customer', '嗯'], ['agent', '请问是李明吗'], ['customer', '是'], ['agent', '受招商银行委托，本次通话录音']]);
    const [f] = scanTranscript(p, late);
    expect(f?.matched).toEqual(['受托', '录音']);
    expect(f?.endMs).toBe(14000);
    const inTime = call('zh-CN', [['agent', '您好，受招商银行委托'], ['customer', '嗯'], ['agent', '通话录音']]);
    expect(scanTranscript(p, inTime)).toEqual([]);
  });
  it('do not judge a call where the speaker never spoke or that was not connected', () => {
    expect(scanTranscript(p, call('zh-CN', [['customer', '喂？']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '喂']], { connected: false }))).toEqual([]);
  });
});

describe('findings', () => {
  it('carry the rule version, source, title and are sorted by time', () => {
    const p = pack('zh-CN', [rule({ id: 'b.rule', match: { any: ['滚'] } }), rule({ id: 'a.rule', match: { any: ['滚'] } })]);
    const found = scanTranscript(p, call('zh-CN', [['agent', '滚'], ['agent', '滚开']]));
    expect(found.map((f) => `${f.segmentIndex}:${f.ruleId}`)).toEqual(['0:a.rule', '0:b.rule', '1:a.rule', '1:b.rule']);
    expect(found[0]!.ruleVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(found[0]!.source).toBe('test source');
    expect(found[0]!.title).toBe('测试');
    const changed = pack('zh-CN', [rule({ id: 'a.rule', match: { any: ['滚', '走开'] } })]);
    const same = pack('zh-CN', [rule({ id: 'a.rule', match: { any: ['滚'] }, examples: { match: ['1', '2', '3'], no_match: ['4', '5', '6'] } })]);
    const v = (cp: typeof p) => scanTranscript(cp, call('zh-CN', [['agent', '滚']])).find((f) => f.ruleId === 'a.rule')!.ruleVersion;
    expect(v(changed)).not.toBe(v(p));
    expect(v(same)).toBe(v(p));
  });

  it('skip disabled rules', () => {
    const p = pack('zh-CN', [rule({ enabled: false, match: { any: ['滚'] } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '滚']]))).toEqual([]);
  });
});

describe('quotation in detail', () => {
  const en = pack('en-US', [rule({ match: { any: ['deserve to die', 'arrest you', 'threatened you'] }, unless: { quoted: true } })]);
  it('words inside quotation marks are reported speech', () => {
    expect(scanTranscript(en, call('en-US', [['agent', 'Posts like "you people deserve to die" get removed.']]))).toEqual([]);
    expect(scanTranscript(en, call('en-US', [['agent', 'Posts like “you deserve to die” get removed.']]))).toEqual([]);
    expect(ids(scanTranscript(en, call('en-US', [['agent', 'You "people" deserve to die.']])))).toEqual(['test.rule']);
    const zh = pack('zh-CN', [rule({ match: { any: ['骗子'] }, unless: { quoted: true } })]);
    expect(scanTranscript(zh, call('zh-CN', [['agent', '有人在网上写「催收员都是骗子」，这不是事实']]))).toEqual([]);
  });

  it('a quotation cue reaches to the end of its sentence, not further', () => {
    const said = 'You said you would pay on Friday. You did not, so now the sheriff will arrest you.';
    expect(scanTranscript(en, call('en-US', [['agent', said]]))[0]?.matched).toEqual(['arrest you']);
    expect(scanTranscript(en, call('en-US', [['agent', 'You said I threatened you, which is not true.']]))).toEqual([]);
  });
});

describe('{bank} with the pack\'s bank names', () => {
  const rules = [
    rule({
      kind: 'required',
      speaker: 'agent',
      category: 'disclosure_missing',
      require: [{ name: { 'zh-CN': '受托', 'en-US': 'mandate' }, match: { any: ['受{bank}委托'] } }],
    }),
  ];
  const files = (bankNames: object, extraRules: Array<Record<string, unknown>> = []) => ({
    'rules.yaml': { language: 'zh-CN', cues: ZH_CUES, rules: [...rules, ...extraRules] },
    'banks.yaml': { language: 'zh-CN', bank_names: bankNames },
  });
  const compiled = (bankNames: object, extraRules: Array<Record<string, unknown>> = []) => {
    const loaded = loadPackFrom('zh-CN', files(bankNames, extraRules));
    if (!loaded.ok) throw new Error(loaded.problems.map((x) => x.message).join('\n'));
    return compilePack(loaded.value);
  };
  const p = compiled({ 招商银行: ['招行'], 中国建设银行: ['建设银行', '建行'] });
  const said = (text: string, bank: string) => scanTranscript(p, call('zh-CN', [['agent', text]], { bank }));

  it('matches every name of the call\'s bank, whichever of them the metadata carries', () => {
    expect(said('受招行委托联系您', '招商银行')).toEqual([]);
    expect(said('受招商银行委托联系您', '招行')).toEqual([]);
    expect(said('受建行委托联系您', '中国建设银行')).toEqual([]);
    expect(said('受中國建設銀行委託聯繫您', '建行')).toEqual([]);
  });

  it('never matches another bank\'s names', () => {
    expect(said('受建行委托联系您', '招商银行')[0]?.matched).toEqual(['受托']);
    expect(said('受招行委托联系您', '建设银行')[0]?.matched).toEqual(['受托']);
  });

  it('matches only its own name for a bank the pack does not list', () => {
    expect(said('受平安银行委托联系您', '平安银行')).toEqual([]);
    expect(said('受平安委托联系您', '平安银行')[0]?.matched).toEqual(['受托']);
  });

  it('make a new version of the rules that say {bank} when they change, and of no other rule', () => {
    const withRules = (bankNames: object) =>
      Object.fromEntries(compiled(bankNames, [rule({ id: 'plain.rule', match: { any: ['滚'] } })]).allRules.map((r) => [r.rule.id, r.version]));
    const before = withRules({ 招商银行: ['招行'] });
    const after = withRules({ 招商银行: ['招行', '招商'] });
    expect(after['test.rule']).not.toBe(before['test.rule']);
    expect(after['plain.rule']).toBe(before['plain.rule']);
  });

  it('refuses a second list of bank names in the same pack', () => {
    const twice = loadPackFrom('zh-CN', { ...files({ 招商银行: ['招行'] }), 'more-banks.yaml': { language: 'zh-CN', bank_names: { 中国银行: ['中行'] } } });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems.map((x) => x.message)).toEqual([expect.stringMatching(/^bank_names: already defined in .*banks\.yaml:3; a pack lists its banks in one file$/)]);
  });
});

describe('placeholders whose value the call lacks', () => {
  const p = pack('zh-CN', [
    rule({
      kind: 'required',
      speaker: 'agent',
      category: 'disclosure_missing',
      require: [
        { name: { 'zh-CN': '姓名或工号', 'en-US': 'name or id' }, match: { any: ['{agentName}', '工号'] } },
        { name: { 'zh-CN': '机构', 'en-US': 'agency' }, match: { any: ['{agency}'] } },
      ],
    }),
  ]);
  it('a phrase that is only a missing placeholder matches nothing; the element falls back to its other phrases', () => {
    const t = call('zh-CN', [['agent', '你好，我是华信的王芳']]);
    expect(scanTranscript(p, t)[0]?.matched).toEqual(['姓名或工号', '机构 ({agency} unknown)']);
    const withId = call('zh-CN', [['agent', '你好，工号8023']]);
    expect(scanTranscript(p, withId)[0]?.matched).toEqual(['机构 ({agency} unknown)']);
  });
  it('filled, they match the text', () => {
    const t = call('zh-CN', [['agent', '你好，我是华信资产的王芳']], { agentName: '王芳', agency: '华信资产' });
    expect(scanTranscript(p, t)).toEqual([]);
  });
});
