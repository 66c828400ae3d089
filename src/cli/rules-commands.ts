import { transcriptQualityFinding } from '../asr/transcript-quality-finding.ts';
import { qualityOfText } from '../asr/transcript-quality.ts';
import type { Finding } from '../domain/finding.ts';
import type { Transcript } from '../domain/transcript.ts';
import {
  BatchHistoryProvider,
  formatProblem,
  historyWindow,
  loadRuleSet,
  parseTranscriptFile,
  runExamples,
  scanTranscript,
  scoreFindings,
} from '../rules/index.ts';
import { BUILD_ID } from './build-id.ts';
import { cachedPackLoader, defaultCacheDir, type PackLoader } from './pack-cache.ts';

/**
 * `callguard rules lint`, `callguard rules test` and `callguard scan`. Each command is a function
 * of (arguments, output) → exit code, so tests call them directly; program.ts wires them up.
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** `callguard scan`: checks --format, then scans. */
export function scanCommand(files: readonly string[], opts: { rules: string; format: string }, io: Output): number {
  if (opts.format !== 'table' && opts.format !== 'jsonl') {
    io.err(`callguard scan: --format must be table or jsonl, not "${opts.format}"`);
    return 2;
  }
  const loadPack = cachedPackLoader({ buildId: BUILD_ID, cacheDir: defaultCacheDir() });
  return scanFiles(files, { rulesDir: opts.rules, format: opts.format, loadPack }, io);
}

export function lintRules(dir: string, io: Output): number {
  const set = loadRuleSet(dir);
  if (!set.ok) {
    for (const p of set.problems) io.out(formatProblem(p));
    io.out(`${set.problems.length} problem${set.problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  for (const note of set.notes) io.err(`note: ${note}`);
  // A folder with no pack is a wrong path, not a clean pack: saying "ok" would hide the mistake.
  if (set.loaded.size === 0) {
    io.out(`${dir}: no rule pack here (expected zh-CN/ or en-US/ folders of *.yaml files, or one such folder) / 此处没有规则包`);
    return 1;
  }
  // Warnings do not fail the lint: the pack works, but something in it is likely a mistake.
  for (const pack of set.loaded.values()) for (const w of pack.warnings) io.out(`warning: ${formatProblem(w)}`);
  const summary = [...set.loaded.values()].map((p) => `${p.language}: ${p.rules.length} rules in ${p.files.length} files`);
  io.out(`ok — ${summary.join('; ')}`);
  return 0;
}

export function testRules(dir: string, io: Output): number {
  const set = loadRuleSet(dir);
  if (!set.ok) {
    for (const p of set.problems) io.out(formatProblem(p));
    io.out(`the rules are invalid (${set.problems.length} problem${set.problems.length === 1 ? '' : 's'}); fix them first`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  for (const pack of set.packs.values()) {
    const report = runExamples(pack);
    for (const r of report.results) if (!r.passed) io.out(`${r.position.file}:${r.position.line}:${r.position.col}: ${r.message}`);
    passed += report.passed;
    failed += report.failed;
  }
  io.out(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

export interface ScanCommandOptions {
  rulesDir: string;
  format: 'table' | 'jsonl';
  /** How a pack folder is loaded: the command caches loaded packs (pack-cache.ts); tests load afresh. */
  loadPack?: PackLoader;
}

export function scanFiles(files: readonly string[], opts: ScanCommandOptions, io: Output): number {
  let exitCode = 0;
  const transcripts: Array<{ file: string; transcript: Transcript }> = [];
  for (const file of files) {
    const parsed = parseTranscriptFile(file);
    if (!parsed.ok) {
      for (const e of parsed.errors) io.err(`${file}: ${e}`);
      exitCode = 1;
      continue;
    }
    transcripts.push({ file, transcript: parsed.transcript });
  }
  // Only the packs of the calls' languages: loading the others would be most of the command's time.
  const languages = new Set(transcripts.map((t) => t.transcript.call.language));
  const set = loadRuleSet(opts.rulesDir, { languages, loadPack: opts.loadPack });
  if (!set.ok) {
    for (const p of set.problems) io.err(formatProblem(p));
    io.err(`callguard scan: the rules in ${opts.rulesDir} are invalid; nothing scanned`);
    return 1;
  }
  const history = BatchHistoryProvider.fromTranscripts(transcripts.map((t) => t.transcript));
  for (const { file, transcript } of transcripts) {
    const pack = set.packs.get(transcript.call.language);
    if (!pack) {
      io.err(`${file}: no rule pack for ${transcript.call.language} in ${opts.rulesDir}`);
      exitCode = 1;
      continue;
    }
    const window = historyWindow(pack, transcript.call.startedAt);
    const calls = window ? history.callsWithBorrowerSync(transcript.call.borrowerId, window.fromIso, window.toIso) : [];
    const findings = scanTranscript(pack, transcript, calls);
    // As the pipeline does: a transcript that cannot be trusted is reported, never shown as quiet.
    const quality = qualityOfText(transcript.call, transcript.segments, transcript.engine?.name ?? 'unknown', transcript.quality);
    const unreliable = transcriptQualityFinding(transcript.call, transcript.segments, quality, set.policy.transcript_quality_threshold);
    if (unreliable) findings.push(unreliable);
    if (opts.format === 'jsonl') for (const f of findings) io.out(JSON.stringify(jsonlRecord(f)));
    else printTable(io, file, transcript, findings, scoreFindings(findings, set.policy));
  }
  return exitCode;
}

function jsonlRecord(f: Finding): Record<string, unknown> {
  return {
    callId: f.callId,
    ruleId: f.ruleId,
    ruleVersion: f.ruleVersion,
    category: f.category,
    severity: f.severity,
    speaker: f.speaker,
    startMs: f.startMs,
    endMs: f.endMs,
    quote: f.quote,
    matched: f.matched,
    source: f.source,
    title: f.title,
    ...(f.segmentIndex !== undefined ? { segmentIndex: f.segmentIndex } : {}),
    ...(f.highlights ? { highlights: f.highlights } : {}),
  };
}

function printTable(io: Output, file: string, t: Transcript, findings: Finding[], risk: ReturnType<typeof scoreFindings>): void {
  const c = t.call;
  io.out(`${c.id}  ${c.language}  ${c.startedAt}  (${file})`);
  io.out(`  risk score 风险分 ${risk.score}${risk.openCase ? '  → open a case 建议立案' : ''}`);
  if (findings.length === 0) {
    io.out('  no findings 无发现');
    io.out('');
    return;
  }
  const rows = findings.map((f) => [
    f.speaker === 'call' ? '—' : clock(f.startMs),
    f.speaker,
    f.severity,
    f.category,
    f.ruleId,
    f.quote ? clip(f.quote, 36) : '',
    clip(f.matched.join(', '), 40),
  ]);
  const header = ['time 时间', 'speaker 说话人', 'severity 严重度', 'category 类别', 'rule 规则', 'quote 原话', 'matched 命中'];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd()}`;
  io.out(line(header));
  io.out(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) io.out(line(r));
  io.out('');
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Terminal columns: East Asian wide characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1;
  }
  return w;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  if (width(flat) <= max) return flat;
  let out = '';
  for (const ch of flat) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
