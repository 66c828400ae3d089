import * as OpenCC from 'opencc-js';
import { normalisePhrase } from './normalise.ts';

/**
 * The spellings under which a searched phrase may be stored in a transcript: as typed, in the
 * scanner's normalised form (simplified, lower case, punctuation as spaces) and in traditional
 * characters (Taiwan and Hong Kong forms). A database can match these with ILIKE; the final check
 * on normalised text (normalisePhrase on both sides) is the scanner's own comparison.
 */
let toTraditional: Array<(s: string) => string> | undefined;

export function searchSpellings(phrase: string): string[] {
  toTraditional ??= [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];
  const normalised = normalisePhrase(phrase).trim();
  const forms = [phrase, normalised, ...toTraditional.map((convert) => convert(normalised))];
  return [...new Set(forms.filter((f) => f.length > 0))];
}
