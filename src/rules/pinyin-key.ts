import { pinyin } from 'pinyin-pro';
import { isHanCode } from './normalise.ts';

/**
 * Sound-alike keys for Mandarin: every Han character becomes one private-use character standing
 * for its toneless pinyin syllable (沙 and 傻 both become the key of "sha"); other characters stay.
 * The key has exactly the length of the normalised text, so a hit in the key is a hit at the same
 * offsets of the text. Syllables are looked up one character at a time (cached): a polyphone gets
 * its most common reading on both sides, phrase and transcript, so identical text always matches.
 */
const syllableCodes = new Map<string, number>();
/** Per code unit: its key, 0 when not computed yet (read directly by the automaton's translate mode). */
export const charKeys = new Uint16Array(65536);
const FIRST_KEY = 0xe000;

/** The key of one code unit: its syllable's key for a Han character, else the character itself. */
export function keyOf(c: number): number {
  let key = charKeys[c]!;
  if (key === 0) {
    key = c;
    if (c >= 0x3400 && c < 0xd800 && isHanCode(c)) {
      const syllable = pinyin(String.fromCharCode(c), { toneType: 'none', type: 'array' })[0] ?? '';
      if (/^[a-zü]+$/.test(syllable)) {
        key = syllableCodes.get(syllable) ?? 0;
        if (key === 0) {
          key = FIRST_KEY + syllableCodes.size;
          syllableCodes.set(syllable, key);
        }
      }
    }
    charKeys[c] = key;
  }
  return key;
}

let scratch = new Uint16Array(256);

/** The sound-alike key of normalised text (same length, same offsets). */
export function pinyinKey(normalised: string): string {
  if (scratch.length < normalised.length) scratch = new Uint16Array(normalised.length * 2);
  for (let i = 0; i < normalised.length; i++) {
    const c = normalised.charCodeAt(i);
    scratch[i] = keyOf(c);
  }
  let out = '';
  for (let i = 0; i < normalised.length; i += 8192) {
    out += String.fromCharCode.apply(null, scratch.subarray(i, Math.min(normalised.length, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Whether a normalised text contains any Han character (only then is a key worth computing). */
export function containsHan(normalised: string): boolean {
  for (let i = 0; i < normalised.length; i++) if (isHanCode(normalised.charCodeAt(i))) return true;
  return false;
}
