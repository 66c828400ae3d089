/**
 * Masks personal numbers in transcript text for roles that do not need them: Chinese ID-card
 * numbers (18 digits, the last may be X; the old 15-digit form too), bank-card numbers (16–19
 * digits), mainland mobile and landline numbers, US phone numbers (NANP, with or without +1 and
 * the usual punctuation), any other long number, and shorter numbers right after a word that says
 * what they are (身份证, 卡号, 手机, 电话, 账号, card, phone, account…).
 *
 * Mandarin ASR and typed notes write numbers in many forms: ASCII and full-width digits, Chinese
 * numerals read digit by digit (幺三九…, 一一零一零五…, 两, 〇 / 零), spoken groups split by spaces,
 * full-width commas or dashes ("6222 0212 3456 7890", "幺三九，一二三四，五六七八"), digits glued to
 * letters ("id11010519491231002X", "13912345678abc"). A candidate is a run of numerals in any of
 * these forms joined by at most two separators in a row; it is classified by its digits. When
 * unsure, it is masked: a masked amount costs a reviewer a glance, an unmasked ID-card number
 * cannot be taken back.
 *
 * Masking keeps the separators and the last four numerals, so a reviewer can still tell two numbers
 * apart, and never changes the text's length (offsets of highlighted words stay valid): every
 * masked character is one UTF-16 unit, as was the numeral it replaces.
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
const SEPARATORS = new Set([
  ' ', '-', '.', ',', '(', ')', '\u00a0', '\u3000', '－', '（', '）', '‐', '–', '—', '．', '，', '、', '／', '/',
]);
const PLUS = new Set(['+', '＋']);

export type PiiKind = 'id_card' | 'bank_card' | 'mobile_cn' | 'landline_cn' | 'phone_us' | 'long_number' | 'labelled_number';

export interface PiiSpan {
  kind: PiiKind;
  /** UTF-16 offsets into the original string, end exclusive. */
  start: number;
  end: number;
}

/** Digits this many or more in one run are masked whatever they are. */
const LONG_NUMBER = 12;
/** Digits this many or more right after a word naming a personal number are masked. */
const LABELLED_NUMBER = 6;
/** How far before a number (in characters) a label may stand. */
const LABEL_REACH = 12;
const LABELS = /身份证|证件|证号|卡号|银行卡|信用卡|储蓄卡|账号|帐号|账户|帐户|手机|电话|号码|联系方式|微信|qq|phone|mobile|cell|card|account|acct|ssn|social security|\bid\b|tel/i;

/**
 * Classifies one candidate run: its digits (separators removed, X kept as 'X') and the lengths of
 * its digit groups. A 10-digit run must also be grouped like a US phone number, so
 * "2026-03-01 13:30" is not taken for one.
 */
export function classifyDigits(digits: string, groups: readonly number[], hadPlus: boolean, labelled = false): PiiKind | null {
  if (/^\d{17}[\dX]$/.test(digits)) return 'id_card';
  if (/^\d{15}$/.test(digits) && !hadPlus) return 'id_card';
  if (/^\d{16,19}$/.test(digits) && !hadPlus) return 'bank_card';
  if (/^(?:86)?1[3-9]\d{9}$/.test(digits)) return 'mobile_cn';
  if (/^0\d{9,11}$/.test(digits) && groups.length <= 4) return 'landline_cn';
  if (/^1?[2-9]\d{2}[2-9]\d{6}$/.test(digits) && US_PHONE_SHAPES.has(groups.join(','))) return 'phone_us';
  if (digits.length >= LONG_NUMBER) return 'long_number';
  if (labelled && digits.replace(/X$/, '').length >= LABELLED_NUMBER) return 'labelled_number';
  return null;
}

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
  const isNumeral = (c: string | undefined) => c !== undefined && numeralDigit(c) !== null;

  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    const startsNumber = isNumeral(ch) || ((PLUS.has(ch) || ch === '(' || ch === '（') && isNumeral(chars[i + 1]));
    // A run starts at its first numeral; letters before it do not matter ("id1101…" is still a number).
    if (!startsNumber || isNumeral(chars[i - 1])) {
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
      const d = numeralDigit(c);
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
      // Up to two separators in a row ("(555) 123", "， "), and only when a numeral follows.
      if (SEPARATORS.has(c)) {
        // An ID card's check X may be spoken as a group of its own ("… 8746 X").
        if (isNumeral(chars[j + 1]) || (digits.length === 17 && isCheckX(chars[j + 1] ?? ''))) {
          j++;
          inGroup = false;
          continue;
        }
        if (SEPARATORS.has(chars[j + 1] ?? '') && (isNumeral(chars[j + 2]) || (digits.length === 17 && isCheckX(chars[j + 2] ?? '')))) {
          j += 2;
          inGroup = false;
          continue;
        }
      }
      break;
    }
    const before = text.slice(offsets[Math.max(0, i - LABEL_REACH)]!, offsets[i]!);
    const kind = classifyDigits(digits, groups, hadPlus, LABELS.test(before));
    if (kind) spans.push({ kind, start: offsets[i]!, end: offsets[lastDigitEnd]! });
    i = Math.max(lastDigitEnd, i + 1);
  }
  return spans;
}

const KEEP_LAST = 4;

/** Replaces every numeral of each personal number but the last four with `*`; separators stay. */
export function maskPii(text: string): string {
  const spans = findPii(text);
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  const counts = (c: string) => numeralDigit(c) !== null || isCheckX(c);
  for (const span of spans) {
    out += text.slice(cursor, span.start);
    const piece = Array.from(text.slice(span.start, span.end));
    let remaining = piece.filter(counts).length;
    out += piece
      .map((c) => {
        if (!counts(c)) return c;
        remaining--;
        if (remaining < KEEP_LAST) return c;
        // Keep the width: a full-width digit or a Chinese numeral becomes a full-width asterisk.
        return c.codePointAt(0)! >= 0x80 ? '＊' : '*';
      })
      .join('');
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
