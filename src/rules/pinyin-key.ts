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
const charKeys = new Map<number, number>();
const FIRST_KEY = 0xe000;

function keyOf(c: number): number {
  let key = charKeys.get(c);
  if (key === undefined) {
    const syllable = pinyin(String.fromCharCode(c), { toneType: 'none', type: 'array' })[0] ?? '';
    if (!/^[a-zü]+$/.test(syllable)) key = c;
    else {
      key = syllableCodes.get(syllable);
      if (key === undefined) {
        key = FIRST_KEY + syllableCodes.size;
        syllableCodes.set(syllable, key);
      }
    }
    charKeys.set(c, key);
  }
  return key;
}

/** The sound-alike key of normalised text (same length, same offsets). */
export function pinyinKey(normalised: string): string {
  let out = '';
  let changed = false;
  const codes = new Array<number>(normalised.length);
  for (let i = 0; i < normalised.length; i++) {
    const c = normalised.charCodeAt(i);
    if (isHanCode(c) && c < 0xd800) {
      codes[i] = keyOf(c);
      changed = true;
    } else codes[i] = c;
  }
  if (!changed) return normalised;
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** Whether a normalised text contains any Han character (only then is a key worth computing). */
export function containsHan(normalised: string): boolean {
  for (let i = 0; i < normalised.length; i++) if (isHanCode(normalised.charCodeAt(i))) return true;
  return false;
}
