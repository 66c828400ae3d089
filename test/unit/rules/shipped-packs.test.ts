import { describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet, runExamples, scanTranscript } from '../../../src/rules/index.ts';
import { call } from './helpers.ts';

describe('the shipped rule packs (rules/)', () => {
  const set = loadRuleSet('rules');

  it('lint clean', () => {
    expect(set.ok ? [] : set.problems.map(formatProblem)).toEqual([]);
  });

  it('have a zh-CN and an en-US pack whose examples all pass', () => {
    if (!set.ok) throw new Error('rules/ is invalid');
    expect([...set.packs.keys()].sort()).toEqual(['en-US', 'zh-CN']);
    for (const pack of set.packs.values()) {
      const report = runExamples(pack);
      expect(report.results.filter((r) => !r.passed).map((r) => `${r.position.file}:${r.position.line}: ${r.message}`)).toEqual([]);
      expect(report.passed).toBeGreaterThan(0);
    }
  });
});

/**
 * Behaviour of the shipped zh-CN cues that no rule example states: rule examples are training data of
 * the text models (npm run train:models), so a behaviour added between trainings is pinned here.
 */
describe('the shipped zh-CN pack, between trainings of its text models', () => {
  const set = loadRuleSet('rules');
  const flagged = (text: string) => {
    if (!set.ok) throw new Error('rules/ is invalid');
    const pack = set.packs.get('zh-CN')!;
    const measured = new Set(pack.rules.filter((r) => r.rule.category === 'threat' || r.rule.category === 'abuse').map((r) => r.id));
    return scanTranscript(pack, call('zh-CN', [['agent', text]]), [], { onlyRules: measured }).map((f) => f.ruleId);
  };

  it('a colleague\'s words followed by an apology or their handling are told, not threatened', () => {
    expect(flagged('之前那位同事说要上门堵你，这是他的个人行为，我代表公司向您道歉。')).toEqual([]);
    expect(flagged('我们明天就上门堵你，道歉是不可能的。')).not.toEqual([]);
  });

  it('the harm put as the listener\'s fear threatens; a lawful consequence put so warns', () => {
    expect(flagged('你就不怕你老婆知道吗？')).toContain('zh.threat.intimidation');
    expect(flagged('你不怕哪天出点什么事吗')).toContain('zh.threat.intimidation');
    expect(flagged('你不怕逾期影响征信吗？')).toEqual([]);
  });

  it('a person said to be vile, worthless or stupid past measure is insulted; a thing so judged is not', () => {
    for (const text of ['他们都很卑鄙。', '他一无是处。', '他蠢得要命。', '他真让人作呕。']) expect(flagged(text), text).toContain('zh.abuse.insult');
    expect(flagged('这个方案一无是处。')).toEqual([]);
  });

  it('the listener made a wanted man online is exposure; the fraud named as such is not', () => {
    expect(flagged('不还钱就把你P成通缉犯发到你们村群里')).toContain('zh.threat.exposure');
    expect(flagged('我们会在网上挂你，让大家都认识认识你')).toContain('zh.threat.exposure');
    expect(flagged('您放心，没有人会把您P成通缉犯，那是诈骗团伙的手段。')).toEqual([]);
  });

  it('a desire denied in a question that expects yes asserts it', () => {
    expect(flagged('你也不想让你老婆知道这件事吧？')).not.toEqual([]);
    expect(flagged('我们不想让您为难，您看这个月能还多少？')).toEqual([]);
  });

  it('talk about abuse in a shape the mention cues do not know is cancelled by the models\' second opinion', () => {
    expect(flagged('听说有的平台催收会把欠款人的照片发到家族群里，这种做法属于违规，您遇到了可以直接投诉。')).toEqual([]);
    expect(flagged('那个骂你是骗子、说要曝光你的人，我们已经记录在案，会转给合规部门核实。')).toEqual([]);
    // Defiance names the law too: the models read these as threats, and they stay flagged.
    expect(flagged('违法又怎么样？我照样打断你的腿。')).toContain('zh.threat.violence');
    expect(flagged('我知道这是违法的，但我不管，你不还我就打断你的腿。')).toContain('zh.threat.violence');
    expect(flagged('违规就违规，今天不还钱我就叫人去你单位闹。')).toContain('zh.threat.home-visit');
  });

  it('harm aimed at no one that the models read as harmless is a story, a game or a feeling; a threat keeps its target', () => {
    expect(flagged('昨晚打排位，最后一波团战把对面全砍死了，爽')).toEqual([]);
    expect(flagged('那次骑车摔进沟里，幸亏戴了头盔，不然后果不堪设想')).toEqual([]);
    expect(flagged('期末复习到凌晨三点，脑细胞都死光了')).toEqual([]);
    // Said of the borrower to a relative, the models read them as abuse and threats; a title aims at the listener.
    expect(flagged('他就是个老赖，欠钱不还')).toContain('zh.abuse.insult');
    expect(flagged('他要是再躲，我就打断他的腿')).toContain('zh.threat.violence');
    expect(flagged('张先生，再不还钱就等着坐牢吧')).toContain('zh.threat.detention');
    expect(flagged('去死吧')).toContain('zh.threat.death-wish');
  });

  it('a threat left with a relative for the borrower is scored; a third person\'s misfortune told is not', () => {
    expect(flagged('告诉他，再不还钱我们就去他家')).toContain('zh.threat.wording-model');
    expect(flagged('让他等着，我们的人晚上就到')).toContain('zh.threat.wording-model');
    expect(flagged('他上周被人打了，现在还在住院')).toEqual([]);
    expect(flagged('他说要来我家闹，我报警了')).toEqual([]);
    expect(flagged('麻烦转告他，再不还就把他的事发到他们公司群里')).toContain('zh.threat.exposure');
    // The borrower insulted to a relative, as a recogniser writes 老赖.
    expect(flagged('他就是个老来，躲了半年了')).toContain('zh.abuse.insult');
    expect(flagged('他老来得子，家里开销大')).toEqual([]);
  });

  it('menace that names no listener is scored by the threat model; a deadline stated lawfully is not', () => {
    expect(flagged('今晚之前没消息的话，明天一早就有人去楼下等着了')).toContain('zh.threat.wording-model');
    expect(flagged('明天下午三点前还款，逾期会影响征信记录')).toEqual([]);
  });

  it('a person denied worth, the right to live or a place among people, or given a vice as their nature, is insulted', () => {
    for (const text of ['你这条命没有任何价值', '你这种人没有活着的权利', '说谎就是你的本性', '他从来都不是什么好东西', '他不是什么好东西', '你真让我鹅心']) {
      expect(flagged(text), text).toContain('zh.abuse.insult');
    }
    for (const text of ['那家伙就是一只吸血的蚂蟥', '这种人就该被消灭掉']) expect(flagged(text), text).toContain('zh.abuse.insult');
    expect(flagged('我让你永远说不了话')).toContain('zh.threat.violence');
    for (const text of ['善良是你的天性', '这玩意儿不是什么好东西', '这个方案一文不值', '我家猫像只老鼠一样灵活', '病毒又变异了']) {
      expect(flagged(text), text).toEqual([]);
    }
  });
});
