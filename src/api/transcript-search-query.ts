import { z } from 'zod';
import type { Queryable } from '../store/db.ts';
import { searchTranscripts } from '../store/review-app/transcript-search.ts';
import { localIso } from '../store/review-app/review-queue.ts';
import type { UserRow } from '../store/review-app/users.ts';
import { countNumerals, maskPii } from '../privacy/pii-mask.ts';
import { normalisePhrase } from '../rules/normalise.ts';
import { searchSpellings } from '../rules/search-spellings.ts';
import { SPEAKERS } from '../domain/transcript.ts';
import { HttpError } from './http-error.ts';

/**
 * Transcript search as the review app runs it, for the search page and its export: terms that must
 * all occur (in any spelling: traditional finds simplified), a phrase that must not occur (calls
 * without it, e.g. first calls without 受托 wording), a speaker whose lines are searched, and call
 * filters. Matching is decided on text normalised by the scanner's normaliser, and on the masked
 * text for roles that see numbers masked, so what one can find is what one can read.
 */
const optionalDate = z.iso.date().or(z.iso.datetime({ offset: true })).optional();

export const SearchQueryShape = {
  q: z.string().trim().max(200).optional(),
  exclude: z.string().trim().max(200).optional(),
  speaker: z.enum(SPEAKERS).optional(),
  firstContact: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  language: z.string().min(1).max(40).optional(),
  team: z.string().min(1).optional(),
  agentId: z.string().min(1).optional(),
  bank: z.string().min(1).optional(),
  from: optionalDate,
  to: optionalDate,
};
export const SearchQuery = z.strictObject({ ...SearchQueryShape, limit: z.coerce.number().int().min(1).max(100).default(50) });
export type SearchInput = z.infer<z.ZodObject<typeof SearchQueryShape>> & { limit: number };

/** Digits (in any form) a search by a role that sees masked text may contain: fewer than this. */
const MAX_MASKED_SEARCH_DIGITS = 4;
/** Segments shown per hit. */
const SHOWN_SEGMENTS = 5;

/** A date without a time is a whole day: `to` includes it. */
export function toInstant(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(value);
}

export interface SearchResultHit {
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  firstContact: boolean;
  segments: { index: number; speaker: string; startMs: number; endMs: number; text: string }[];
}

export async function runTranscriptSearch(
  db: Queryable,
  user: Pick<UserRow, 'banks'>,
  unmasked: boolean,
  query: SearchInput,
): Promise<{ hits: SearchResultHit[]; highlights: string[] }> {
  const q = query.q ?? '';
  const exclude = query.exclude ?? '';
  if (!q && !exclude) throw new HttpError(400, 'bad_request', 'give words to find (q) or a phrase the calls must not contain (exclude)');
  // Searching for pieces of a number would reveal, hit by hit, the digits masking hides. Roles that
  // see masked text may not search 4 or more digits (in any form: 1, １, 一, 幺…), in either field.
  if (!unmasked && (countNumerals(q) >= MAX_MASKED_SEARCH_DIGITS || countNumerals(exclude) >= MAX_MASKED_SEARCH_DIGITS)) {
    throw new HttpError(403, 'pii_search', `searching for ${MAX_MASKED_SEARCH_DIGITS} or more digits needs a role that sees personal numbers`);
  }
  const terms = q.split(/\s+/).filter(Boolean).slice(0, 8);
  const normalisedTerms = terms.map((t) => normalisePhrase(t).trim()).filter(Boolean);
  const normalisedExclude = exclude ? normalisePhrase(exclude).trim() : '';
  const view = unmasked ? (t: string) => t : maskPii;
  const found = await searchTranscripts(db, {
    banks: user.banks,
    terms: terms.map(searchSpellings),
    exclude: exclude ? searchSpellings(exclude) : [],
    speaker: query.speaker, firstContact: query.firstContact, language: query.language,
    team: query.team, agentId: query.agentId, bank: query.bank,
    from: toInstant(query.from, false), to: toInstant(query.to, true),
    // The database matches the stored text; the normalised (and masked) check below may drop some candidates.
    limit: Math.min(500, query.limit * 4),
  });
  const hits: SearchResultHit[] = [];
  for (const h of found) {
    const segments = h.segments
      .map((s, index) => ({ index, speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: view(s.text) }))
      .filter((s) => query.speaker === undefined || s.speaker === query.speaker);
    const normalised = segments.map((s) => normalisePhrase(s.text));
    const whole = normalised.join('\n');
    if (!normalisedTerms.every((t) => whole.includes(t))) continue;
    if (normalisedExclude && whole.includes(normalisedExclude)) continue;
    const shown = normalisedTerms.length
      ? segments.filter((_s, i) => normalisedTerms.some((t) => normalised[i]!.includes(t)))
      : segments;
    hits.push({
      callId: h.callId, startedAt: localIso(h.startedAtInstant, h.utcOffsetMinutes), agentId: h.agentId, agentName: h.agentName,
      team: h.team, bank: h.bank, borrowerId: h.borrowerId, firstContact: h.firstContact, segments: shown.slice(0, SHOWN_SEGMENTS),
    });
    if (hits.length >= query.limit) break;
  }
  return { hits, highlights: [...new Set(terms.flatMap(searchSpellings))] };
}
