/**
 * Scanner throughput:  npx tsx bench/scan.ts [--runs N] [--rules DIR] [--extra 5000]
 *
 * 1. The shipped packs plus N extra generated phrases (default 5,000) against a naive baseline
 *    measured in the same run: one RegExp per phrase, tried on every segment (on text already
 *    normalised, which favours the baseline). Target: the scanner ≥ 50× faster at 5,000 phrases.
 *    The scanner side runs the phrase rules: text models match no phrase (their cost is in 2).
 * 2. One hour of generated call transcript per language scanned with the shipped packs alone, every
 *    rule including the text models (target ≤ 5 ms), cold (first scan after compiling) and warm (median).
 * Transcripts are generated from a fixed seed: ordinary collection-call sentences with a violation
 * now and then, so rules fire as they would on real calls. Prints Markdown for docs/benchmarks.md.
 */
import os from 'node:os';
import { AhoCorasick as MonyoneAhoCorasick } from '@monyone/aho-corasick/fast';
import { compilePack, loadRuleSet, normalise, scanTranscript } from '../src/rules/index.ts';
import { AhoCorasick } from '../src/rules/aho-corasick.ts';
import { generateCall, packWithExtraPhrases } from './lib/generate-calls.ts';
import { measure, median, option, ratio } from './lib/timing.ts';

const runs = Math.max(3, Number(option('runs', '21')));
const warmupMs = Number(option('warmup-ms', '1500'));
const rulesDir = option('rules', 'rules');
const extraPhrases = Number(option('extra', '5000'));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const set = loadRuleSet(rulesDir);
if (!set.ok) throw new Error(`${rulesDir} is invalid: run callguard rules lint`);

console.log(`## Scan`);
console.log('');
console.log(
  `Command: \`npx tsx bench/scan.ts\` — ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} when started, Node ${process.version}. ` +
    `Each figure is the median of ${runs} runs after ${warmupMs} ms of warm-up; CPU time (user + system of this process) is shown next to wall time because the machine is shared.`,
);
console.log('');
console.log(`### ${extraPhrases.toLocaleString('en-US')} extra phrases: scanner vs. one RegExp per phrase`);
console.log('');
console.log('| pack | phrases | segments | characters | naive RegExp ms (CPU) | scanner ms (CPU) | scanner chars/s (CPU) | median speed-up, wall | median speed-up, CPU |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const speedups: number[] = [];
for (const lang of ['zh-CN', 'en-US'] as const) {
  const pack = packWithExtraPhrases(rulesDir, lang, extraPhrases);
  const transcript = generateCall(lang, 600, 7); // ten minutes: the baseline is slow
  const chars = transcript.segments.reduce((n, s) => n + s.text.length, 0);
  const literals = pack.phraseText.filter((p): p is string => p !== undefined);
  const regexes = literals.map((p) => new RegExp(escapeRegExp(p)));
  const normalised = transcript.segments.map((s) => normalise(s.text).text);
  let naiveHits = 0;
  const naiveRun = () => {
    for (const text of normalised) for (const re of regexes) if (re.test(text)) naiveHits++;
  };
  // Phrase matching against phrase matching: the text models (`kind: model` rules) score segments, they
  // match no phrase, and their cost is in the hour below, which scans with every rule.
  const phraseSide = new Set(pack.rules.filter((r) => r.kind !== 'model').map((r) => r.id));
  const scanRun = () => scanTranscript(pack, transcript, [], { onlyRules: phraseSide });
  // Paired rounds: each round times the baseline once and the scanner over a batch of runs right
  // after it, so both see the same load; the reported speed-up is the median of the rounds' ratios.
  measure(naiveRun, 1, warmupMs);
  measure(scanRun, 1, warmupMs);
  const rounds = Math.max(5, Math.floor(runs / 2));
  const batch = 20;
  const naiveWall: number[] = [];
  const naiveCpu: number[] = [];
  const scanWall: number[] = [];
  const scanCpu: number[] = [];
  const wallRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = measure(naiveRun, 1, 0);
    const b = measure(() => {
      for (let i = 0; i < batch; i++) scanRun();
    }, 1, 0);
    naiveWall.push(a.wallMs);
    naiveCpu.push(a.cpuMs);
    scanWall.push(b.wallMs / batch);
    scanCpu.push(b.cpuMs / batch);
    wallRatios.push(ratio(a.wallMs, b.wallMs / batch));
    cpuRatios.push(ratio(a.cpuMs, b.cpuMs / batch));
  }
  const naive = { wallMs: median(naiveWall), cpuMs: median(naiveCpu) };
  const scan = { wallMs: median(scanWall), cpuMs: median(scanCpu) };
  const speedupWall = median(wallRatios);
  const speedupCpu = median(cpuRatios);
  speedups.push(speedupCpu);
  console.log(
    `| ${lang} shipped + generated | ${literals.length.toLocaleString('en-US')} | ${transcript.segments.length} | ${chars.toLocaleString('en-US')} | ` +
      `${naive.wallMs.toFixed(1)} (${naive.cpuMs.toFixed(1)}) | ${scan.wallMs.toFixed(2)} (${scan.cpuMs.toFixed(2)}) | ${((chars / scan.cpuMs) * 1000 / 1e6).toFixed(1)} M | ` +
      `${speedupWall.toFixed(0)}× | **${speedupCpu.toFixed(0)}×** |`,
  );
  if (naiveHits === 0) throw new Error('the baseline found nothing: the generated input is wrong');
}
console.log('');
console.log(`### One hour of call transcript, shipped packs only`);
console.log('');
console.log('| pack | rules | phrases | segments | characters | findings | cold ms | warm ms | warm CPU ms | target |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const hourMs: number[] = [];
for (const lang of ['zh-CN', 'en-US'] as const) {
  const pack = set.packs.get(lang);
  if (!pack) {
    console.log(`| ${lang} | (no pack in ${rulesDir}) | | | | | | | | |`);
    continue;
  }
  const hour = generateCall(lang, 3600, 11);
  const chars = hour.segments.reduce((n, s) => n + s.text.length, 0);
  // Cold: a freshly compiled pack on a call it has never seen (first run, caches still filling).
  const fresh = compilePack(set.loaded.get(lang)!, { unknownSpeaker: set.policy.unknown_speaker });
  const t0 = performance.now();
  const findings = scanTranscript(fresh, generateCall(lang, 3600, 99));
  const coldMs = performance.now() - t0;
  const warm = measure(() => scanTranscript(pack, hour), runs * 3, warmupMs);
  hourMs.push(warm.cpuMs);
  console.log(
    `| ${lang} | ${pack.rules.length} | ${pack.phraseCount} | ${hour.segments.length} | ${chars.toLocaleString('en-US')} | ${findings.length} | ` +
      `${coldMs.toFixed(1)} | ${warm.wallMs.toFixed(2)} | **${warm.cpuMs.toFixed(2)}** | ≤ 5 ms |`,
  );
}
console.log('');
console.log('### The automaton alone: ours vs. @monyone/aho-corasick (fast), same phrases, same normalised text');
console.log('');
console.log('| phrases | characters | build ms, ours | build ms, monyone | scan CPU ms, ours | scan CPU ms, monyone | ours faster by |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const lang of ['zh-CN', 'en-US'] as const) {
  const pack = packWithExtraPhrases(rulesDir, lang, extraPhrases);
  const phrases = pack.phraseText.filter((p): p is string => p !== undefined);
  const texts = generateCall(lang, 3600, 11).segments.map((s) => normalise(s.text).text);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  let t0 = performance.now();
  const ours = new AhoCorasick(phrases);
  const buildOurs = performance.now() - t0;
  t0 = performance.now();
  const theirs = new MonyoneAhoCorasick(phrases);
  const buildTheirs = performance.now() - t0;
  let sink = 0;
  const a = measure(() => {
    for (const t of texts) sink += ours.collect(t);
  }, runs, warmupMs);
  const b = measure(() => {
    for (const t of texts) sink += theirs.matchInText(t).length;
  }, runs, warmupMs);
  if (sink === 0) throw new Error('no hits: the comparison input is wrong');
  console.log(
    `| ${phrases.length.toLocaleString('en-US')} (${lang}) | ${chars.toLocaleString('en-US')} | ${buildOurs.toFixed(0)} | ${buildTheirs.toFixed(0)} | ${a.cpuMs.toFixed(2)} | ${b.cpuMs.toFixed(2)} | ${ratio(b.cpuMs, a.cpuMs).toFixed(1)}× |`,
  );
}
console.log('');
const minSpeedup = Math.min(...speedups);
const maxHour = Math.max(...hourMs);
console.log(
  `Speed-up at ${extraPhrases.toLocaleString('en-US')} extra phrases (CPU time): ${minSpeedup.toFixed(0)}× at least (target ≥ 50×: ${minSpeedup >= 50 ? 'met' : 'NOT met'}); ` +
    `one hour of transcript (warm, CPU time): ${maxHour.toFixed(2)} ms at most (target ≤ 5 ms: ${maxHour <= 5 ? 'met' : 'NOT met'}).`,
);
