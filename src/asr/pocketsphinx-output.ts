import type { Word } from '../domain/transcript.ts';
import type { RecognizedSegment } from './transcriber.ts';

/**
 * Parses `pocketsphinx_continuous -time yes` output. For each utterance its voice-activity detector
 * finds, it prints the hypothesis on one line and then one line per token:
 *   `word start end posterior`   (seconds from the start of the file; posterior ≈ 0..1)
 * `<s>` opens an utterance, `</s>` closes it, `<sil>`, `[NOISE]`, `[SPEECH]`, `++…++` are fillers;
 * `was(2)` names the second pronunciation of "was".
 */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;
const ALT_PRONUNCIATION = /\(\d+\)$/;

export interface PocketsphinxToken {
  token: string;
  startMs: number;
  endMs: number;
  posterior: number;
}

export function parsePocketsphinxTokens(stdout: string): PocketsphinxToken[] {
  const tokens: PocketsphinxToken[] = [];
  for (const line of stdout.split('\n')) {
    const m = WORD_LINE.exec(line.trim());
    if (!m) continue; // hypothesis lines
    tokens.push({
      token: m[1]!,
      startMs: Math.round(Number(m[2]) * 1000),
      endMs: Math.round(Number(m[3]) * 1000),
      posterior: Number(m[4]),
    });
  }
  return tokens;
}

export function isFiller(token: string): boolean {
  return token.startsWith('<') || token.startsWith('[') || token.startsWith('++');
}

export interface SegmentingOptions {
  /** A silence at least this long between two words starts a new segment (default 600 ms). */
  pauseMs?: number;
}

/**
 * Words grouped into segments: an utterance boundary (`<s>`) or a pause of `pauseMs` between words
 * closes a segment, so a finding's time range points at one phrase rather than a whole minute.
 */
export function pocketsphinxSegments(stdout: string, options: SegmentingOptions = {}): RecognizedSegment[] {
  const pauseMs = options.pauseMs ?? 600;
  const segments: RecognizedSegment[] = [];
  let current: Word[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const confidences = current.map((w) => w.confidence ?? 0);
    segments.push({
      startMs: current[0]!.startMs,
      endMs: current.at(-1)!.endMs,
      text: current.map((w) => w.text).join(' '),
      words: current,
      confidence: round3(confidences.reduce((a, b) => a + b, 0) / confidences.length),
    });
    current = [];
  };
  for (const t of parsePocketsphinxTokens(stdout)) {
    if (t.token === '<s>') {
      flush();
      continue;
    }
    if (isFiller(t.token)) continue;
    const last = current.at(-1);
    if (last && t.startMs - last.endMs >= pauseMs) flush();
    current.push({
      text: t.token.replace(ALT_PRONUNCIATION, ''),
      startMs: t.startMs,
      endMs: Math.max(t.startMs, t.endMs),
      // Posteriors come out a hair above 1 (1.000100) from log-domain rounding.
      confidence: round3(Math.min(1, Math.max(0, t.posterior))),
    });
  }
  flush();
  return segments;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
