import { describe, expect, it } from 'vitest';
import { scanTranscript } from '../../../src/rules/index.ts';
import { EN_CUES, ZH_CUES, call, loadPackFrom, pack, rule } from './helpers.ts';

/**
 * Mentioned speech (`cues.mention`, read by `unless: { quoted: true }`): a threat or a profane word
 * that is the object of talk is not the speaker's own, clause by clause. The sentences are written
 * for collection calls.
 */
const MENTION = {
  introduced_by: ['for saying', 'threatening to', 'words like', 'call people'],
  acts: ['saying', 'to call'],
  judged_by: ['is a crime', 'not okay'],
  judged_within: 3,
  own_speech: ['im', 'is'],
  addressed: ['you', 'you little'],
  ends_at: ['but', 'because', 'we will'],
};
const en = pack('en-US', [rule({ match: { any: ['sue you', 'hurt', 'deadbeat', 'damn'] }, unless: { quoted: true } })], {
  cues: { ...EN_CUES, mention: MENTION },
});
const flagged = (text: string) => scanTranscript(en, call('en-US', [['agent', text]])).map((f) => f.matched);

describe('mention: introducers', () => {
  it('the rest of the clause after an introducer is mentioned', () => {
    expect(flagged('We let a collector go for saying he would hurt a customer.')).toEqual([]);
    expect(flagged('Threatening to sue you over this was wrong of him.')).toEqual([]);
    expect(flagged('Words like damn have no place on a recorded line.')).toEqual([]);
    expect(flagged("You can't call people a deadbeat on this line.")).toEqual([]);
  });

  it('the mention ends at the clause: the next clause is the speaker again', () => {
    expect(flagged('Stop with words like that, you deadbeat.')).toEqual([['deadbeat']]);
    expect(flagged('He was let go for saying that. We will sue you.')).toEqual([['sue you']]);
  });

  it('an ends_at word hands the clause back to the speaker', () => {
    expect(flagged('He was let go for saying that but we will sue you on Monday')).toEqual([['sue you']]);
  });

  it('an ends_at phrase may run into the match: "we will" before "will sue you"', () => {
    const p = pack('en-US', [rule({ match: { any: ['will sue you'] }, unless: { quoted: true } })], {
      cues: { ...EN_CUES, mention: MENTION },
    });
    expect(scanTranscript(p, call('en-US', [['agent', 'He was let go for saying that we will sue you']]))).toHaveLength(1);
    expect(scanTranscript(p, call('en-US', [['agent', 'He was let go for saying he will sue you']]))).toEqual([]);
  });

  it('direct address right before the match is never a mention', () => {
    expect(flagged('Stop with words like that you deadbeat')).toEqual([['deadbeat']]);
    expect(flagged('Stop with words like that you little deadbeat')).toEqual([['deadbeat']]);
    // "you" with a word between is the subject of the mentioned words, not address
    expect(flagged('We let him go for saying you would hurt a customer')).toEqual([]);
  });

  it('an own-speech phrase right before the introducer makes it the speaker\'s own act', () => {
    // "the bank is threatening to ...": relayed, so still a threat to the borrower
    expect(flagged('The bank is threatening to sue you.')).toEqual([['sue you']]);
  });

  it('what comes before the introducer is not mentioned', () => {
    expect(flagged('I will sue you, and words like that are not a joke.')).toEqual([['sue you']]);
  });
});

describe('mention: acts judged in their clause', () => {
  it('a gerund subject judged after the match: "<act> … <match> … <judgement>"', () => {
    expect(flagged('Saying you will hurt a customer is a crime.')).toEqual([]);
  });

  it('a judgement just before the act: "<judgement> … <act> … <match>"', () => {
    expect(flagged('It is not okay to call a customer a deadbeat.')).toEqual([]);
  });

  it('an act without a judgement is ordinary speech', () => {
    expect(flagged('I am calling to say we will sue you.')).toEqual([['sue you']]);
    expect(flagged("I'm saying you are a deadbeat.")).toEqual([['deadbeat']]);
  });

  it('the speaker\'s own act is not a mention even when judged', () => {
    expect(flagged("I'm saying you will get hurt and that is not okay for you.")).toEqual([['hurt']]);
  });

  it('a judgement too far before the act, or in another clause, does not judge it', () => {
    expect(flagged('Not okay: to call you a deadbeat.')).toEqual([['deadbeat']]);
    expect(flagged('It is not okay that you ignore my letters and I want to call you a deadbeat.')).toEqual([['deadbeat']]);
  });

  it('the match after the judgement is not part of the act', () => {
    expect(flagged('Saying that is a crime and we will sue you.')).toEqual([['sue you']]);
  });
});

describe('mention: an act judged by the clause after it', () => {
  const back = pack('en-US', [rule({ match: { any: ['sue you', 'deadbeat'] }, unless: { quoted: true } })], {
    cues: { ...EN_CUES, mention: { ...MENTION, refers_back: ['that', 'this is'] } },
  });
  const backFlagged = (text: string) => scanTranscript(back, call('en-US', [['agent', text]])).map((f) => f.matched);

  it('a clause opening with a refers_back phrase and holding a judgement judges the act before it', () => {
    expect(backFlagged('Saying a customer is a deadbeat, that is not okay.')).toEqual([]);
    expect(backFlagged('Saying a customer is a deadbeat. This is a crime.')).toEqual([]);
  });

  it('without the pointer, the judgement, or the act, the words stay the speaker\'s', () => {
    // the next clause does not point back
    expect(backFlagged('Saying a customer is a deadbeat, my boss thinks is not okay.')).toEqual([['deadbeat']]);
    // it points back but judges nothing
    expect(backFlagged('Saying you are a deadbeat, that is what I do.')).toEqual([['deadbeat']]);
    // no act names the words as said: "you are a deadbeat" is the speaker's own
    expect(backFlagged('You are a deadbeat, that is not okay.')).toEqual([['deadbeat']]);
    // only the clause right after counts
    expect(backFlagged('Saying a customer is a deadbeat, I know, that is not okay.')).toEqual([['deadbeat']]);
  });

  it('an ends_at phrase after the match hands the clause back before the pointer', () => {
    expect(backFlagged('Saying a customer is a deadbeat because he is one, that is not okay.')).toEqual([['deadbeat']]);
  });

  it('a pack without refers_back judges acts in their own clause only', () => {
    expect(flagged('Saying a customer is a deadbeat, that is not okay.')).toEqual([['deadbeat']]);
  });
});

describe('mention: a third party reported with words before the verb', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['骗子', '垃圾', '打断你的腿'] }, unless: { quoted: true } })], {
    cues: {
      ...ZH_CUES,
      mention: {
        introduced_by: ['因为说'],
        own_speech: ['我'],
        ends_at: ['但是', '再不'],
        reported_by: { speakers: ['她', '他', '网友'], verbs: ['说', '骂'], within: 6, not_after: ['跟', '让', '你'], listener: ['你'] },
      },
    },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('the clause after the verb is the third party\'s words, however many words stand between speaker and verb', () => {
    expect(zhFlagged('她最后一句说男人都是垃圾，这句有点过了')).toEqual([]);
    expect(zhFlagged('有个网友在评论里骂外地人都是骗子')).toEqual([]);
  });

  it('too far, in another clause, or spoken to: the words stay the speaker\'s', () => {
    expect(zhFlagged('他上个月在单位年会的时候说外地人都是骗子')).toEqual([['骗子']]);
    expect(zhFlagged('他来了，说外地人都是骗子')).toEqual([['骗子']]);
    expect(zhFlagged('我跟他说外地人都是骗子')).toEqual([['骗子']]);
    expect(zhFlagged('你他说谁是骗子')).toEqual([['骗子']]);
  });

  it('reported words that name the listener are relayed to them and stay counted', () => {
    expect(zhFlagged('他说要打断你的腿')).toEqual([['打断你的腿']]);
    expect(zhFlagged('她说你就是个骗子')).toEqual([['骗子']]);
  });

  it('an ends_at word hands the clause back to the speaker', () => {
    expect(zhFlagged('他说了半天但是外地人都是骗子')).toEqual([['骗子']]);
  });
});

describe('mention: reported words about the listener, named as abuse or taken down as a complaint', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['骗子', '砍你', '打断你的腿'] }, unless: { quoted: true } })], {
    cues: {
      ...ZH_CUES,
      mention: {
        introduced_by: ['因为说'],
        reported_by: {
          speakers: ['他', '对方'], verbs: ['说', '骂'], within: 6, listener: ['你'], abuse_verbs: ['骂'], taken_down: ['是吧', '记录'], continued_by: ['还', '又'],
          asked_by: ['是不是', '有没有'],
        },
      },
    },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('a verb that names the words as abuse reports them even when they name the listener', () => {
    expect(zhFlagged('对方在电话里骂你是骗子')).toEqual([]);
    expect(zhFlagged('对方在电话里说你是骗子')).toEqual([['骗子']]);
  });

  it('a relayed threat stays counted unless the speaker checks or records it afterwards', () => {
    expect(zhFlagged('他说要打断你的腿')).toEqual([['打断你的腿']]);
    expect(zhFlagged('他说要砍你，是吧？')).toEqual([]);
    expect(zhFlagged('他说要打断你的腿，这些我都记录下来了')).toEqual([]);
    // a check before the reported words takes nothing down
    expect(zhFlagged('是吧？他说要砍你')).toEqual([['砍你']]);
  });

  it('asked whether a third party said it, the words are a complaint checked', () => {
    expect(zhFlagged('他是不是说要打断你的腿')).toEqual([]);
    expect(zhFlagged('对方有没有说要砍你？')).toEqual([]);
    // the question must stand right before the verb, about a third party
    expect(zhFlagged('是不是他说要打断你的腿')).toEqual([['打断你的腿']]);
  });

  it('a clause opening with a continued_by word and a reporting verb has the speaker of the clause before', () => {
    expect(zhFlagged('他骂你是个废物，还说要砍你，这些我都记录下来了')).toEqual([]);
    // relayed, not taken down: still counted
    expect(zhFlagged('他骂你是个废物，还说要砍你')).toEqual([['砍你']]);
    // no third party in the clause before: the speaker's own words
    expect(zhFlagged('我跟你讲，还说要砍你，这些我都记录下来了')).toEqual([['砍你']]);
    // not a continuation word: the clause has no reported speaker
    expect(zhFlagged('他骂你是个废物，我说要砍你，这些我都记录下来了')).toEqual([['砍你']]);
    // a sentence break ends it
    expect(zhFlagged('他骂你是个废物。还说要砍你，这些我都记录下来了')).toEqual([['砍你']]);
  });
});

describe('mention: a practice described and judged', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['让你社死', '堵你', '狗东西'] }, unless: { quoted: true } })], {
    cues: {
      ...ZH_CUES,
      mention: {
        introduced_by: ['因为说'],
        described: { doers: ['有些催收', '有些人'], heads: ['的那种', '的催收'], judged_by: ['违法', '可以投诉', '别怕'] },
      },
    },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('a doer earlier in the sentence and a judgement later in the segment describe a practice', () => {
    expect(zhFlagged('有些催收会说不还就让你社死，这是违法的')).toEqual([]);
    expect(zhFlagged('有些催收会上门堵你。您别怕，我们不会这样做')).toEqual([]);
  });

  it('a head after the match in its clause names the kind of people or practice', () => {
    expect(zhFlagged('那种开口就骂人狗东西的催收，您可以投诉')).toEqual([]);
    expect(zhFlagged('天天上门堵你的那种，属于违法催收')).toEqual([]);
  });

  it('without a judgement after the match, or with the judgement denied, it may be a veiled threat', () => {
    expect(zhFlagged('有些人会上门堵你')).toEqual([['堵你']]);
    expect(zhFlagged('违法？有些人会上门堵你')).toEqual([['堵你']]);
    expect(zhFlagged('有些人会上门堵你，这可不违法')).toEqual([['堵你']]);
  });

  it('a doer in another sentence describes nothing', () => {
    expect(zhFlagged('有些催收不太讲理。我们明天就去堵你，别以为违法')).toEqual([['堵你']]);
  });
});

describe('mention: words named as words by what follows them', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['弄死你', 'sb', 'tmd'] }, unless: { quoted: true } })], {
    cues: { ...ZH_CUES, mention: { introduced_by: ['因为说'], named_after: { phrases: ['之类的词', '这些脏话'], within: 4 } } },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('a naming phrase shortly after the match, across the marks of a list, names it as words', () => {
    expect(zhFlagged('只要出现“弄死你”之类的词，坐席直接追责')).toEqual([]);
    expect(zhFlagged('我们保证不说sb、tmd这些脏话')).toEqual([]);
  });

  it('too far after, or in the next sentence, it names nothing', () => {
    expect(zhFlagged('我弄死你，你听清楚了之类的词')).toEqual([['弄死你']]);
    expect(zhFlagged('我弄死你。之类的词')).toEqual([['弄死你']]);
  });
});

describe('mention: a deed told as what happened', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['要砍死', '打断你的腿', '爆通讯录'] }, unless: { quoted: true } })], {
    cues: {
      ...ZH_CUES,
      mention: {
        introduced_by: ['因为说'],
        ends_at: ['我们就'],
        told: { outcomes: ['报了警', '被拘了'], not_after: ['你', '就算'], openers: ['新闻说'], listener: ['你'] },
      },
    },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('an outcome later in the sentence tells the deed: it happened, it is not threatened', () => {
    expect(zhFlagged('楼上喝醉了嚷嚷说要砍死他老婆，邻居马上报了警')).toEqual([]);
    expect(zhFlagged('那人在群里说要砍死物业经理，后来被拘了五天')).toEqual([]);
  });

  it('an outcome in another sentence, the listener\'s own, or only supposed, tells nothing', () => {
    expect(zhFlagged('我们的人要砍死他。后来他报了警')).toEqual([['要砍死']]);
    expect(zhFlagged('我们要砍死他，你报了警也没用')).toEqual([['要砍死']]);
    expect(zhFlagged('我们要砍死他，就算报了警也一样')).toEqual([['要砍死']]);
  });

  it('a sentence opened as news is reported, unless it names the listener or the speaker takes it back', () => {
    expect(zhFlagged('新闻说有催收公司爆通讯录，把欠款发给所有亲戚')).toEqual([]);
    expect(zhFlagged('新闻说的那种人，会打断你的腿')).toEqual([['打断你的腿']]);
    expect(zhFlagged('新闻说了，我们就爆通讯录')).toEqual([['爆通讯录']]);
    expect(zhFlagged('新闻说的都是别人。我们要爆通讯录')).toEqual([['爆通讯录']]);
  });
});

describe('mention: only with quoted, only where the pack defines it', () => {
  it('a rule without unless.quoted ignores mentions', () => {
    const strict = pack('en-US', [rule({ match: { any: ['damn'] } })], { cues: { ...EN_CUES, mention: MENTION } });
    expect(scanTranscript(strict, call('en-US', [['agent', 'Words like damn have no place here.']]))).toHaveLength(1);
  });

  it('a pack without mention cues keeps its quotation behaviour', () => {
    const plain = pack('en-US', [rule({ match: { any: ['damn'] }, unless: { quoted: true } })]);
    expect(scanTranscript(plain, call('en-US', [['agent', 'Words like damn have no place here.']]))).toHaveLength(1);
    expect(scanTranscript(plain, call('en-US', [['agent', 'You said I was a damn crook.']]))).toEqual([]);
  });
});

describe('mention cues: loading', () => {
  const load = (mention: object) =>
    loadPackFrom('en-US', { 'rules.yaml': { language: 'en-US', cues: { ...EN_CUES, mention }, rules: [rule({ match: { any: ['x'] } })] } });

  it('acts without judged_by is an error: an act alone is ordinary speech', () => {
    const r = load({ introduced_by: ['for saying'], acts: ['saying'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).toMatch(/acts and judged_by go together/);
  });

  it('an empty list, an unknown key or a punctuation-only phrase is an error with its position', () => {
    const empty = load({ introduced_by: [] });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.problems[0]!.message).toMatch(/introduced_by: a phrase list must not be empty/);
    const unknown = load({ introduced_by: ['for saying'], ends: ['but'] });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.problems[0]!.message).toMatch(/unknown key "ends"/);
    const punct = load({ introduced_by: ['for saying'], ends_at: ['!!'] });
    expect(punct.ok).toBe(false);
    if (!punct.ok) expect(punct.problems[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/"!!" has nothing to match/) });
  });

  it('judged_within defaults to 4', () => {
    const r = load({ introduced_by: ['for saying'], acts: ['to call'], judged_by: ['not okay'] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.cues?.mention?.judged_within).toBe(4);
  });
});

describe('mention: Chinese, written without spaces', () => {
  const zh = pack('zh-CN', [rule({ match: { any: ['废物', '老赖'] }, unless: { quoted: true } })], {
    cues: {
      negation: ['不会'],
      negation_within: 3,
      quotation: ['您刚才说'],
      mention: { introduced_by: ['骂人', '叫人'], own_speech: ['我就'], addressed: ['你这个'] },
    },
  });
  const zhFlagged = (text: string) => scanTranscript(zh, call('zh-CN', [['agent', text]])).map((f) => f.matched);

  it('an introducer makes the rest of its clause mentioned', () => {
    expect(zhFlagged('公司规定不许叫人老赖')).toEqual([]);
  });

  it('an introducer may share its last characters with the match ("扬言要" before "要杀")', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['要杀'] }, unless: { quoted: true } })], {
      cues: { negation: ['不会'], negation_within: 3, quotation: ['您刚才说'], mention: { introduced_by: ['扬言要'] } },
    });
    expect(scanTranscript(p, call('zh-CN', [['agent', '网上有人扬言要杀光外地人']]))).toEqual([]);
    // the cue must start before the match: the match itself is no introducer of itself
    expect(scanTranscript(p, call('zh-CN', [['agent', '我要杀了你，扬言要']]))).toHaveLength(1);
  });

  it('own speech and direct address count right before the cue or match, with no space between', () => {
    expect(zhFlagged('不还钱我就骂人废物')).toEqual([['废物']]);
    expect(zhFlagged('公司规定不许叫人，你这个废物')).toEqual([['废物']]);
    expect(zhFlagged('规定不许骂人你这个老赖')).toEqual([['老赖']]);
  });

  it('after a reporting verb, the listener is who was called the name, not addressed', () => {
    const p = pack('zh-CN', [rule({ match: { any: ['狗东西'] }, unless: { quoted: true } })], {
      cues: {
        negation: ['不会'],
        negation_within: 3,
        quotation: ['您刚才说'],
        mention: { introduced_by: ['开口就骂'], addressed: ['你'], reported_by: { speakers: ['他'], verbs: ['骂'], within: 4 } },
      },
    });
    expect(scanTranscript(p, call('zh-CN', [['agent', '那种开口就骂你狗东西的人，您可以投诉']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '那种开口就说的，你狗东西']]))).toHaveLength(1);
  });
});
