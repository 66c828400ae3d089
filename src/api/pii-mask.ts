/**
 * Masks personal numbers in transcript text for roles that do not need them: Chinese ID-card
 * numbers (18 digits, the last may be X; the old 15-digit form too), bank-card numbers (16–19
 * digits), mainland mobile numbers (1[3-9] + 9 digits, optionally +86) and US phone numbers
 * (NANP, with or without +1 and the usual punctuation).
 *
 * ASR output and typed notes mix ASCII and full-width digits and split numbers into spoken groups
 * ("6222 0212 3456 7890"), so a candidate is a run of digits joined by single separators; it is
 * classified by its digit count and shape. Masking keeps the separators and the last four digits,
 * so a reviewer can still tell two numbers apart, and never changes the text's length (offsets of
 * highlighted words stay valid).
 */

const FULLWIDTH_ZERO = 0xff10;

function digitValue(ch: string): string | null {
  const code = ch.codePointAt(0)!;
  if (code >= 0x30 && code <= 0x39) return ch;
  if (code >= FULLWIDTH_ZERO && code <= FULLWIDTH_ZERO + 9) return String(code - FULLWIDTH_ZERO);
  return null;
}

/**
 * Chinese numerals as Mandarin speakers read numbers digit by digit (幺 for 1 on the phone, 两 for
 * 2, 〇 / 零 / ○ for 0) and their financial forms (壹贰叁…), as ASR writes them.
 */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  零: '0', '〇': '0', '○': '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9',
};

/** The digit a character stands for in a number: ASCII, full-width or a Chinese numeral. */
export function numeralDigit(ch: string): string | null {
  return digitValue(ch) ?? CHINESE_DIGITS[ch] ?? null;
}

/** How many characters of `text` stand for digits, in any of the forms above. */
export function countNumerals(text: string): number {
  let n = 0;
  for (const ch of text) if (numeralDigit(ch) !== null) n++;
  return n;
}

const isCheckX = (ch: string) => ch === 'X' || ch === 'x' || ch === 'Ｘ' || ch === 'ｘ';
/** Characters that may sit between the digit groups of one spoken or written number. */
const SEPARATORS = new Set([' ', '-', '.', '(', ')', '\u00a0', '\u3000', '－', '（', '）', '‐', '–', '—', '．']);
const PLUS = new Set(['+', '＋']);

export type PiiKind = 'id_card' | 'bank_card' | 'mobile_cn' | 'phone_us';

export interface PiiSpan {
  kind: PiiKind;
  /** UTF-16 offsets into the original string, end exclusive. */
  start: number;
  end: number;
}

/**
 * Classifies one candidate run: its digits (separators removed, X kept as 'X') and the lengths of
 * its digit groups. Long numbers are personal whatever their grouping; a 10–13 digit run must also
 * be grouped like a phone number, so "2026-03-01 13:30" is not taken for one.
 */
export function classifyDigits(digits: string, groups: readonly number[], hadPlus: boolean): PiiKind | null {
  if (/^\d{17}[\dX]$/.test(digits)) return 'id_card';
  if (/^\d{15}$/.test(digits) && !hadPlus) return 'id_card';
  if (/^\d{16,19}$/.test(digits) && !hadPlus) return 'bank_card';
  const shape = groups.join(',');
  if (/^(?:86)?1[3-9]\d{9}$/.test(digits) && CN_MOBILE_SHAPES.has(shape)) return 'mobile_cn';
  if (/^1?[2-9]\d{2}[2-9]\d{6}$/.test(digits) && US_PHONE_SHAPES.has(shape)) return 'phone_us';
  return null;
}

const CN_MOBILE_SHAPES = new Set(['11', '3,4,4', '3,8', '2,11', '13', '2,3,4,4', '2,3,8']);
const US_PHONE_SHAPES = new Set(['10', '3,3,4', '3,7', '1,3,3,4', '1,10', '11', '6,4']);

/** Finds every personal number in `text`. */
export function findPii(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const chars = Array.from(text);
  // Offsets per code point, so spans index the original UTF-16 string.
  const offsets: number[] = [];
  let off = 0;
  for (const ch of chars) {
    offsets.push(off);
    off += ch.length;
  }
  offsets.push(off);

  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    const startsNumber = digitValue(ch) !== null || ((PLUS.has(ch) || ch === '(' || ch === '（') && digitValue(chars[i + 1] ?? '') !== null);
    const prev = chars[i - 1];
    // A run must not continue a word-like token ("abc123…" is a code, not a number someone spoke).
    if (!startsNumber || (prev !== undefined && (digitValue(prev) !== null || /[A-Za-z]/.test(prev)))) {
      i++;
      continue;
    }
    const hadPlus = PLUS.has(ch);
    let j = hadPlus ? i + 1 : i;
    let digits = '';
    const groups: number[] = [];
    let inGroup = false;
    let lastDigitEnd = j;
    while (j < chars.length) {
      const c = chars[j]!;
      const d = digitValue(c);
      if (d !== null) {
        digits += d;
        if (inGroup) groups[groups.length - 1]!++;
        else groups.push(1);
        inGroup = true;
        j++;
        lastDigitEnd = j;
        continue;
      }
      if (isCheckX(c) && digits.length === 17) {
        digits += 'X';
        j++;
        lastDigitEnd = j;
        break;
      }
      // Up to two separators in a row ("(555) 123"), and only when a digit follows.
      if (SEPARATORS.has(c)) {
        const next = chars[j + 1] ?? '';
        const next2 = chars[j + 2] ?? '';
        if (digitValue(next) !== null) {
          j++;
          inGroup = false;
          continue;
        }
        if (SEPARATORS.has(next) && digitValue(next2) !== null) {
          j += 2;
          inGroup = false;
          continue;
        }
      }
      break;
    }
    const after = chars[lastDigitEnd];
    const glued = after !== undefined && /[A-Za-z]/.test(after) && !isCheckX(after);
    const kind = glued ? null : classifyDigits(digits, groups, hadPlus);
    if (kind) spans.push({ kind, start: offsets[i]!, end: offsets[lastDigitEnd]! });
    i = Math.max(lastDigitEnd, i + 1);
  }
  return spans;
}

const KEEP_LAST = 4;

/** Replaces every digit of each personal number but the last four with `*`; separators stay. */
export function maskPii(text: string): string {
  const spans = findPii(text);
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start);
    const piece = Array.from(text.slice(span.start, span.end));
    let remaining = piece.filter((c) => digitValue(c) !== null || isCheckX(c)).length;
    out += piece
      .map((c) => {
        if (digitValue(c) === null && !isCheckX(c)) return c;
        remaining--;
        if (remaining < KEEP_LAST) return c;
        // Keep the width: a full-width digit becomes a full-width asterisk.
        return c.codePointAt(0)! >= FULLWIDTH_ZERO ? '＊' : '*';
      })
      .join('');
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
