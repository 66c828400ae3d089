import type { Segment, Transcript } from '../../src/domain/transcript.ts';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compilePack, loadPack, type CompiledPack } from '../../src/rules/index.ts';
import { seededRandom } from './timing.ts';

/**
 * Generated call transcripts for benchmarks: ordinary collection-call sentences (written for this
 * project) with a violation now and then, laid out at a realistic speaking rate.
 */
export type Lang = 'zh-CN' | 'en-US';

const SENTENCES: Record<Lang, { agent: string[]; customer: string[]; bad: string[] }> = {
  'zh-CN': {
    agent: [
      '您好，请问是李明先生吗？',
      '我是华信资产管理公司的王芳，工号八零二三，受招商银行委托与您联系。',
      '本次通话将被录音。',
      '您的信用卡目前逾期三个月，欠款金额是一万两千元。',
      '请问您这个月什么时候方便还款？',
      '我们可以帮您向银行申请分期还款方案。',
      '如果您有困难，可以先还一部分最低还款额。',
      '还款可以通过手机银行或者柜台办理。',
      '请您在月底之前安排一下，好吗？',
      '我这边给您登记一下还款计划。',
      '逾期会影响您的个人征信记录，请您重视。',
      '银行可能会依法通过诉讼途径解决。',
      '好的，那我们下周再跟您确认一下。',
      '感谢您的配合，祝您生活愉快。',
    ],
    customer: [
      '是我，什么事？',
      '我最近手头有点紧。',
      '能不能晚一点还？',
      '我下个月发了工资就还。',
      '好的，我知道了。',
      '你们上次也是这么说的。',
      '我先还两千可以吗？',
      '嗯，行吧。',
      '我现在在上班，不方便说话。',
      '这个金额不对吧，我要核对一下。',
    ],
    bad: ['你这个老赖，真不要脸。', '再不还钱我们就上门找你。', '我要投诉你们，打12378。', '我们会通知你单位和通讯录里的人。'],
  },
  'en-US': {
    agent: [
      'Hello, may I speak with Robert Brown please?',
      'This is John Smith with Acme Recovery.',
      'This is an attempt to collect a debt and any information obtained will be used for that purpose.',
      'I am calling about your First National Bank credit card account.',
      'The balance is currently four thousand two hundred dollars.',
      'Would you be able to make a payment by the end of the month?',
      'We can set up a payment plan that works for your budget.',
      'You can pay online, by phone, or by mail.',
      'I will note the arrangement on your account.',
      'We may refer the account to an attorney if it remains unpaid.',
      'Thank you for your time today, have a good afternoon.',
      'Can you confirm your mailing address for me?',
    ],
    customer: [
      'Speaking.',
      'I can pay half next week.',
      'Money is tight right now.',
      'I get paid on Friday.',
      'Okay, that sounds fine.',
      'I need to check that amount first.',
      'Can you send me something in writing?',
      'I am at work, can you call back later?',
    ],
    bad: [
      'If you do not pay today the police will arrest you.',
      'You are a damn deadbeat.',
      'Stop calling me, I will report you to the CFPB.',
      'Please stop calling my work.',
    ],
  },
};

/** About an hour of conversation: segments until `seconds` of speech have passed. */
export function generateCall(lang: Lang, seconds: number, seed: number): Transcript {
  const rand = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const s = SENTENCES[lang];
  const segments: Segment[] = [];
  let clock = 0;
  let agentTurn = true;
  while (clock < seconds * 1000) {
    const text = rand() < 0.03 ? pick(s.bad) : agentTurn ? pick(s.agent) : pick(s.customer);
    const speechMs = lang === 'zh-CN' ? (text.length / 4.5) * 1000 : (text.split(' ').length / 2.6) * 1000;
    segments.push({ speaker: agentTurn ? 'agent' : 'customer', startMs: clock, endMs: Math.round(clock + speechMs), text });
    clock = Math.round(clock + speechMs + 400 + rand() * 800);
    agentTurn = rand() < 0.5 ? !agentTurn : agentTurn;
  }
  return {
    call: {
      id: `bench-${lang}-${seed}`,
      agentId: '8023',
      agentName: lang === 'zh-CN' ? '王芳' : 'John Smith',
      agency: lang === 'zh-CN' ? '华信资产管理公司' : 'Acme Recovery',
      borrowerId: 'bench-borrower',
      bank: lang === 'zh-CN' ? '招商银行' : 'First National Bank',
      startedAt: lang === 'zh-CN' ? '2026-03-02T10:30:00+08:00' : '2026-03-02T10:00:00-05:00',
      direction: 'outbound',
      firstContact: true,
      language: lang,
      durationMs: clock,
    },
    segments,
  };
}

/**
 * N phrases of 3–5 characters (Chinese) or words (English) drawn from the vocabulary of the calls:
 * they share prefixes with real text (the automaton walks deep) but seldom match whole, like the
 * phrases of a real rule pack.
 */
export function generatePhrases(lang: Lang, count: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const text = [...SENTENCES[lang].agent, ...SENTENCES[lang].customer].join(' ');
  const units = lang === 'zh-CN' ? [...new Set(text.replace(/[^\u4e00-\u9fff]/g, ''))] : [...new Set(text.toLowerCase().match(/[a-z]+/g)!)];
  const out = new Set<string>();
  while (out.size < count) {
    const n = 3 + Math.floor(rand() * 3);
    const parts = Array.from({ length: n }, () => units[Math.floor(rand() * units.length)]!);
    out.add(lang === 'zh-CN' ? parts.join('') : parts.join(' '));
  }
  return [...out];
}


/** The shipped pack of a language plus a generated file holding `count` extra phrases. */
export function packWithExtraPhrases(rulesDir: string, lang: Lang, count: number): CompiledPack {
  const dir = mkdtempSync(join(os.tmpdir(), 'callguard-bench-'));
  try {
    const packDir = join(dir, lang);
    cpSync(join(rulesDir, lang), packDir, { recursive: true });
    const phrases = generatePhrases(lang, count, 42);
    const perRule = 100;
    const rules = [];
    for (let i = 0; i * perRule < phrases.length; i++) {
      rules.push({
        id: `bench.extra-${i}`,
        kind: 'phrase',
        title: { 'zh-CN': '生成的短语', 'en-US': 'Generated phrases' },
        category: 'abuse',
        severity: 'low',
        source: 'benchmark',
        description: 'generated',
        speaker: 'any',
        match: { any: phrases.slice(i * perRule, (i + 1) * perRule) },
        examples: { match: ['a', 'b', 'c'], no_match: ['d', 'e', 'f'] },
      });
    }
    writeFileSync(join(packDir, 'zz-bench-extra.yaml'), stringify({ language: lang, rules }));
    const loaded = loadPack(packDir, lang);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    return compilePack(loaded.value);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

