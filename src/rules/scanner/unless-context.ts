import {
  type CompiledMention,
  type CompiledPack,
  type CompiledUnless,
  type Nearby,
  type PhraseRef,
  MENTION_ACT,
  MENTION_DOER,
  MENTION_INTRODUCER,
  MENTION_JUDGEMENT,
  MENTION_KIND_HEAD,
  MENTION_NAMED_AFTER,
  MENTION_NEWS_OPENER,
  MENTION_OUTCOME,
  MENTION_PRACTICE_JUDGEMENT,
  MENTION_REPORT_VERB,
} from '../compile-pack.ts';
import { atWordBoundaries } from '../normalise.ts';
import { textScore } from '../text-model.ts';
import { SegmentContext, between } from './segment-context.ts';

/**
 * `unless`: the context that cancels a match (negation, quotation, mentioned speech, a rule's own
 * before / after phrases).
 */

/**
 * Context that cancels one match [start, end):
 * - negated: a negation cue ends at most `negation_within` before it, in the same clause;
 * - quoted: a quotation cue earlier in the same sentence, or the match stands inside quotation marks;
 * - before / after: the rule's own phrases within N before / after it (in its clause when `same_clause`);
 * - part of: a longer word of the rule's holds the match's first or last character.
 */
export function cancelled(pack: CompiledPack, u: CompiledUnless, start: number, end: number, ctx: SegmentContext): boolean {
  const cues = pack.cues;
  const hits = ctx.hits;
  if (u.negated && negatedAt(pack, start, ctx)) return true;
  if (u.quoted) {
    if (cues) {
      for (const ref of cues.quotation) {
        for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
          if (hits.start[k]! < start && !between(ctx.sentenceBreaks, hits.end[k]!, start)) return true;
        }
      }
    }
    const regions = ctx.quoteRegions();
    if (regions.length > 0) {
      const [os, oe] = ctx.originalRange(start, end);
      for (const [open, close] of regions) if (os > open && oe <= close) return true;
    }
    if (cues?.mention && mentioned(cues.mention, start, end, ctx)) return true;
    if (cues?.mention?.told && toldDeed(cues.mention, cues.mention.told, start, end, ctx)) return true;
    if (cues?.mention?.described && describedPractice(cues.mention, start, end, ctx)) return true;
    if (cues?.mention?.namedAfter && namedAfter(cues.mention, cues.mention.namedAfter.within, end, ctx)) return true;
    if (u.secondOpinion && cues?.mention?.secondOpinion && !directAddress(cues.mention, start, ctx) && talkAboutAbuse(cues.mention.secondOpinion, ctx)) return true;
  }
  if (u.before && u.before.some((n) => nearby(n, 'before', start, end, ctx))) return true;
  if (u.after && u.after.some((n) => nearby(n, 'after', start, end, ctx))) return true;
  if (u.partOf && partOfAWord(u.partOf, start, end, ctx)) return true;
  return false;
}

/**
 * A phrase of `n` on one side of the match [start, end), at most `within` away, and with no clause
 * mark between when the entry asks for its own clause.
 */
function nearby(n: Nearby, side: 'before' | 'after', start: number, end: number, ctx: SegmentContext): boolean {
  const hits = ctx.hits;
  for (const ref of n.any) {
    for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
      const onSide = side === 'before' ? hits.start[k]! < start : hits.end[k]! > end;
      if (!onSide) continue;
      const from = side === 'before' ? hits.end[k]! : end;
      const to = side === 'before' ? start : hits.start[k]!;
      if (ctx.gap(from, to) <= n.within && !(n.sameClause && between(ctx.clauseBreaks, from, to))) return true;
    }
  }
  return false;
}

/**
 * The match's first or last character belongs to a longer word (垃圾桶, 自杀 before 逼): the phrase the
 * rule looks for is a piece of another word there. A listed word that is exactly the match cancels nothing.
 */
export function partOfAWord(words: readonly PhraseRef[], start: number, end: number, ctx: SegmentContext): boolean {
  const hits = ctx.hits;
  for (const ref of words) {
    for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
      const ws = hits.start[k]!;
      const we = hits.end[k]!;
      if (ws === start && we === end) continue;
      if ((ws <= start && start < we) || (ws < end && end <= we)) return true;
    }
  }
  return false;
}

/** A negation cue of the pack ends at most `negation_within` before `start`, in the same clause. */
export function negatedAt(pack: CompiledPack, start: number, ctx: SegmentContext): boolean {
  const cues = pack.cues;
  if (!cues) return false;
  const hits = ctx.hits;
  // A segment holds a few hits and the pack dozens of cues: walk whichever is shorter.
  if (hits.count < cues.negation.length) {
    for (let k = 0; k < hits.count; k++) if (cues.isNegation[hits.phrase[k]!] === 1 && deniesAt(cues.negationWithin, k, start, ctx, cues.negationAsked)) return true;
    return false;
  }
  for (const ref of cues.negation) {
    for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) if (deniesAt(cues.negationWithin, k, start, ctx, cues.negationAsked)) return true;
  }
  return false;
}

/** Hit k, a negation cue, ends at most `within` before `start` in its clause, and does not ask (会不会). */
function deniesAt(within: number, k: number, start: number, ctx: SegmentContext, asked: CompiledNegationAsked | undefined): boolean {
  const hs = ctx.hits.start[k]!;
  const he = ctx.hits.end[k]!;
  return hs < start && ctx.gap(he, start) <= within && !between(ctx.clauseBreaks, he, start) && !aNotAQuestion(ctx.text, hs) && !turnedRound(asked, hs, he, ctx);
}

type CompiledNegationAsked = NonNullable<NonNullable<CompiledPack['cues']>['negationAsked']>;

/**
 * The negation cue at [start, end) is one a question turns round, and its clause closes with a
 * question tag: "你也不想让你老婆知道吧？" expects yes, and asserts what it seems to deny.
 */
export function turnedRound(asked: CompiledNegationAsked | undefined, start: number, end: number, ctx: SegmentContext): boolean {
  if (!asked) return false;
  const text = ctx.text;
  const cue = text.slice(start, end);
  if (!asked.cues.some((c) => cue.endsWith(c))) return false;
  let clauseEnd = text.length;
  for (const b of ctx.clauseBreaks) if (b >= end && b < clauseEnd) clauseEnd = b;
  while (clauseEnd > end && text.charCodeAt(clauseEnd - 1) === 32) clauseEnd--;
  return asked.ends.some((t) => clauseEnd - t.length >= end && text.startsWith(t, clauseEnd - t.length));
}

/**
 * A Mandarin A-not-A question (会不会, 能不能, 有没有): the 不 / 没 of the cue starting at `at` stands
 * between two copies of the same character, so it asks instead of denying ("我们会不会去你家，就看你了"
 * still threatens).
 */
export function aNotAQuestion(text: string, at: number): boolean {
  const c = text[at];
  return (c === '不' || c === '没') && at > 0 && text[at - 1] === text[at + 1];
}

/**
 * Whether the match [start, end) is mentioned speech: the object of talk, not the speaker's own
 * words. Clause by clause, because a speaker who denounces what others say in one clause can
 * threaten or swear in the next ("stop calling people names, you idiot"):
 * - after an introducer ("for saying", "threatening to", "words like") in the same clause;
 * - after a named speech act ("saying", "to call someone") in a clause that judges it, either
 *   later ("<act> … <match> … is a crime") or just before the act ("it's not okay to <act> … <match>").
 * An introducer or act right after an own-speech phrase ("I'm saying", "the bank is threatening
 * to") is the speaker's own speech act, an `ends_at` word between the cue and the match ("…, but",
 * "unless", "and you") hands the clause back to the speaker, and an `addressed` phrase right before
 * the match ("you lowlife") is direct address: all three leave the match counted.
 */
function mentioned(m: CompiledMention, start: number, end: number, ctx: SegmentContext): boolean {
  const hits = ctx.hits;
  const clauses = ctx.clauseBreaks;
  const role = m.role;
  // Most segments hold no mention cue at all.
  const roles = segmentRoles(m, ctx);
  if ((roles & (MENTION_INTRODUCER | MENTION_ACT | MENTION_REPORT_VERB)) === 0) return false;
  // Direct address is the speaker's own whatever surrounds it: "stop saying that you lowlife".
  if (addressedBefore(m, start, ctx)) return false;
  // A cue may share its last characters with the match: in "扬言要杀光…" the match "要杀光" begins
  // with the 要 of the introducer "扬言要".
  const opens = (k: number) => {
    const cueEnd = Math.min(hits.end[k]!, start);
    return hits.start[k]! < start && hits.end[k]! <= end && !between(clauses, cueEnd, start) && !ownSpeech(m, hits.start[k]!, ctx) && !anyPhraseWithin(m.endsAt, cueEnd, start, ctx);
  };
  let anActOpens = false;
  for (let k = 0; k < hits.count; k++) {
    const r = role[hits.phrase[k]!]!;
    if (r & MENTION_INTRODUCER && opens(k)) return true;
    if (r & MENTION_REPORT_VERB && m.reportedBy && opens(k) && reportedSpeech(m.reportedBy, hits.start[k]!, hits.end[k]!, end, ctx)) return true;
    if (!(r & MENTION_ACT) || (roles & MENTION_JUDGEMENT) === 0 || !opens(k)) continue;
    anActOpens = true;
    const as = hits.start[k]!;
    for (let x = 0; x < hits.count; x++) {
      if (!(role[hits.phrase[x]!]! & MENTION_JUDGEMENT)) continue;
      const js = hits.start[x]!;
      const je = hits.end[x]!;
      // "saying you'll hurt them is a crime": the judgement closes the act's clause.
      if (js >= end && !between(clauses, end, js) && !anyPhraseWithin(m.endsAt, end, js, ctx)) return true;
      // "it is against our policy to call a customer …": the judgement stands just before the act.
      if (je <= as && ctx.gap(je, as) <= m.judgedWithin && !between(clauses, je, as)) return true;
    }
  }
  // The next clause is the same for every act: looked at once.
  return anActOpens && judgedInNextClause(m, end, ctx);
}

/**
 * The clause after the match's own opens with a phrase pointing back at it and holds a judgement:
 * "说人家是瘸子，这不好笑", "saying that to a customer, that's harassment". Nothing of the match's
 * clause after it may hand the words back to the speaker (an `ends_at` phrase).
 */
function judgedInNextClause(m: CompiledMention, end: number, ctx: SegmentContext): boolean {
  if (m.refersBack.length === 0) return false;
  const clauses = ctx.clauseBreaks;
  let k = 0;
  while (k < clauses.length && clauses[k]! < end) k++;
  if (k === clauses.length) return false;
  const text = ctx.text;
  let from = clauses[k]!;
  const to = k + 1 < clauses.length ? clauses[k + 1]! : text.length;
  if (anyPhraseWithin(m.endsAt, end, from, ctx)) return false;
  while (from < to && text.charCodeAt(from) === 32) from++;
  if (!m.refersBack.some((p) => text.startsWith(p, from) && atWordBoundaries(text, from, from + p.length))) return false;
  const hits = ctx.hits;
  for (let x = 0; x < hits.count; x++) {
    if (m.role[hits.phrase[x]!]! & MENTION_JUDGEMENT && hits.start[x]! >= from && hits.end[x]! <= to) return true;
  }
  return false;
}

/**
 * A reporting verb at [verbStart, verbEnd) with a third party speaking before it, at most `within`
 * away in the same clause ("她最后一句说…", "有个网友在评论里骂…"), who is not the one spoken to
 * ("跟他说"): what follows is that party's words, unless it names the listener ("他说要打断你的腿"
 * relays a threat, and stays one). Named as abuse ("他骂你是老赖") or taken down as a complaint later
 * in the segment ("他说要砍你，是吧？"), words that name the listener are reported all the same.
 */
function reportedSpeech(r: NonNullable<CompiledMention['reportedBy']>, verbStart: number, verbEnd: number, end: number, ctx: SegmentContext): boolean {
  const namesAbuse = r.abuseVerbs.some((v) => verbEnd - verbStart === v.length && ctx.text.startsWith(v, verbStart));
  // "他是不是说过要…": the collector asks what was said, as when taking it down.
  const asked = endsRightBefore(r.askedBy, verbStart, ctx);
  if (!namesAbuse && !asked && anyPhraseWithin(r.listener, verbEnd, end, ctx) && !anyPhraseWithin(r.takenDown, end, ctx.text.length, ctx)) return false;
  return speakerBefore(r, verbStart, ctx) || continuedSpeaker(r, verbStart, ctx);
}

/** A third-party speaker at most `within` before the reporting verb at `verbStart`, in its clause. */
function speakerBefore(r: NonNullable<CompiledMention['reportedBy']>, verbStart: number, ctx: SegmentContext): boolean {
  const text = ctx.text;
  for (const p of r.speakers) {
    for (let i = text.lastIndexOf(p, verbStart - p.length); i !== -1; i = i > 0 ? text.lastIndexOf(p, i - 1) : -1) {
      const e = i + p.length;
      if (e > verbStart) continue;
      if (ctx.gap(e, verbStart) > r.within || between(ctx.clauseBreaks, e, verbStart)) break;
      if (atWordBoundaries(text, i, e) && !endsRightBefore(r.notAfter, i, ctx)) return true;
    }
  }
  return false;
}

/**
 * The reporting verb opens its clause after a `continued_by` word ("，还说要…", "，又骂…") and the clause
 * before, in the same sentence, reports a third party's words ("他骂你是老赖、骗子，还说要让你身败名裂"):
 * Mandarin leaves the repeated subject out.
 */
function continuedSpeaker(r: NonNullable<CompiledMention['reportedBy']>, verbStart: number, ctx: SegmentContext): boolean {
  if (r.continuedBy.length === 0) return false;
  let clauseStart = -1;
  for (const b of ctx.clauseBreaks) if (b <= verbStart && b > clauseStart) clauseStart = b;
  if (clauseStart <= 0 || ctx.sentenceBreaks.includes(clauseStart)) return false;
  const opening = ctx.text.slice(clauseStart, verbStart).trim();
  if (!r.continuedBy.includes(opening)) return false;
  let before = 0;
  for (const b of ctx.clauseBreaks) if (b < clauseStart && b > before) before = b;
  const text = ctx.text;
  for (const v of r.verbTexts) {
    for (let i = text.indexOf(v, before); i !== -1 && i + v.length <= clauseStart; i = text.indexOf(v, i + 1)) {
      if (speakerBefore(r, i, ctx)) return true;
    }
  }
  return false;
}

/**
 * The mention roles the segment's hits carry, found in one pass over its hits the first time a match
 * of the segment asks, so that the cue lists are never walked for segments without a cue.
 */
function segmentRoles(m: CompiledMention, ctx: SegmentContext): number {
  if (ctx.mentionRoles < 0) {
    const hits = ctx.hits;
    let roles = 0;
    for (let k = 0; k < hits.count; k++) roles |= m.role[hits.phrase[k]!]!;
    ctx.mentionRoles = roles;
  }
  return ctx.mentionRoles;
}

/**
 * The match [start, end) is a deed told as something that happened, not done to the listener now:
 * - later in its sentence an outcome says what came of it ("…，大家马上报了警", "…，最后被判了"),
 *   unless the outcome is the listener's or only supposed ("你报了警也没用", "就算报警了");
 * - or its sentence opened as news ("新闻说有催收公司爆通讯录…") and nothing from the opener to the
 *   match names the listener or hands the sentence back to the speaker ("新闻说了，我们明天就…").
 */
function toldDeed(m: CompiledMention, t: NonNullable<CompiledMention['told']>, start: number, end: number, ctx: SegmentContext): boolean {
  if ((segmentRoles(m, ctx) & (MENTION_OUTCOME | MENTION_NEWS_OPENER)) === 0) return false;
  const hits = ctx.hits;
  const role = m.role;
  const breaks = ctx.sentenceBreaks;
  let from = 0;
  let to = ctx.text.length;
  for (const b of breaks) {
    if (b <= start) from = b;
    else if (b >= end) {
      to = b;
      break;
    }
  }
  for (let k = 0; k < hits.count; k++) {
    const r = role[hits.phrase[k]!]!;
    const hs = hits.start[k]!;
    const he = hits.end[k]!;
    if (r & MENTION_OUTCOME && hs >= end && he <= to && !endsRightBefore(t.notAfter, hs, ctx)) return true;
    if (r & MENTION_NEWS_OPENER && hs >= from && he <= start && !anyPhraseWithin(t.listener, he, end, ctx) && !anyPhraseWithin(m.endsAt, he, start, ctx)) return true;
  }
  return false;
}

/**
 * The match [start, end) belongs to a practice described and judged, not to the speaker's own words:
 * - a doer class stands earlier in its sentence ("有些催收会说不还就让你社死", "外面有些暴力催收会上门堵你"),
 *   or a head follows it in its clause ("…让你丢工作的那种", "…骂你狗东西的催收");
 * - and a judgement of the practice stands after it in the segment ("…，那都是违法的", "您可以投诉"),
 *   not itself negated ("不违法"). Without the judgement "有些人可不像我这么好说话" is a veiled threat.
 */
function describedPractice(m: CompiledMention, start: number, end: number, ctx: SegmentContext): boolean {
  const roles = segmentRoles(m, ctx);
  if ((roles & MENTION_PRACTICE_JUDGEMENT) === 0 || (roles & (MENTION_DOER | MENTION_KIND_HEAD)) === 0) return false;
  const hits = ctx.hits;
  const role = m.role;
  const text = ctx.text;
  let judged = false;
  for (let k = 0; k < hits.count && !judged; k++) {
    const hs = hits.start[k]!;
    judged = (role[hits.phrase[k]!]! & MENTION_PRACTICE_JUDGEMENT) !== 0 && hs >= end && !(hs > 0 && (text[hs - 1] === '不' || text[hs - 1] === '没'));
  }
  if (!judged) return false;
  for (let k = 0; k < hits.count; k++) {
    const r = role[hits.phrase[k]!]!;
    if (r & MENTION_DOER && hits.end[k]! <= start && !between(ctx.sentenceBreaks, hits.end[k]!, start)) return true;
    if (r & MENTION_KIND_HEAD && hits.start[k]! >= end && !between(ctx.clauseBreaks, end, hits.start[k]!)) return true;
  }
  return false;
}

/**
 * A phrase naming words as words follows the match in its sentence, at most `within` after it
 * ("“弄死你”之类的词"). Clause marks may stand between: a list of the words named is written with
 * 、 and commas ("不说sb、tmd这些脏话").
 */
function namedAfter(m: CompiledMention, within: number, end: number, ctx: SegmentContext): boolean {
  if ((segmentRoles(m, ctx) & MENTION_NAMED_AFTER) === 0) return false;
  const hits = ctx.hits;
  for (let k = 0; k < hits.count; k++) {
    const hs = hits.start[k]!;
    if (m.role[hits.phrase[k]!]! & MENTION_NAMED_AFTER && hs >= end && ctx.gap(end, hs) <= within && !between(ctx.sentenceBreaks, end, hs)) return true;
  }
  return false;
}

/** An own-speech phrase ends right before the cue, nothing but a space between ("im saying"). */
function ownSpeech(m: CompiledMention, cueStart: number, ctx: SegmentContext): boolean {
  return endsRightBefore(m.ownSpeech, cueStart, ctx);
}

/**
 * One of `phrases` (normalised) ends right before `at`, in the same clause, nothing but a space
 * between. English words need that space; Chinese is written without spaces, so there the phrase
 * may end exactly at `at` ("我说" right before "骂人").
 */
function endsRightBefore(phrases: readonly string[], at: number, ctx: SegmentContext): boolean {
  return startOfPhraseEndingAt(phrases, at, ctx) !== -1;
}

/** Where the phrase of `phrases` that ends right before `at` starts (see endsRightBefore), or -1. */
function startOfPhraseEndingAt(phrases: readonly string[], at: number, ctx: SegmentContext): number {
  const text = ctx.text;
  let e = at;
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  if ((e === at && ctx.units === 'words') || between(ctx.clauseBreaks, e, at)) return -1;
  for (const p of phrases) {
    const s = e - p.length;
    if (s >= 0 && text.startsWith(p, s) && atWordBoundaries(text, s, e)) return s;
  }
  return -1;
}

/**
 * Some phrase of `phrases` (normalised) starts within [from, to), at word boundaries. It may run
 * into the match: in "for saying that i will sue you" the match "will sue" begins inside "i will".
 */
function anyPhraseWithin(phrases: readonly string[], from: number, to: number, ctx: SegmentContext): boolean {
  const text = ctx.text;
  for (const p of phrases) {
    for (let i = text.indexOf(p, from); i !== -1 && i < to; i = text.indexOf(p, i + 1)) {
      if (atWordBoundaries(text, i, i + p.length)) return true;
    }
  }
  return false;
}

/**
 * An `addressed` phrase right before the match ("…, you lowlife"), not after a reporting verb: in
 * "骂你狗东西" the 你 is who was called the name.
 */
function addressedBefore(m: CompiledMention, start: number, ctx: SegmentContext): boolean {
  const address = startOfPhraseEndingAt(m.addressed, start, ctx);
  return address !== -1 && !endsRightBefore(m.reportedBy?.verbTexts ?? [], address, ctx);
}

/**
 * The match is said to the listener: it opens with an `addressed` phrase ("你有病吧", "你这个废物"). A
 * 你 before the match may be an object ("还说要让你身败名裂"): not enough here.
 */
function directAddress(m: CompiledMention, start: number, ctx: SegmentContext): boolean {
  return m.addressed.some((p) => ctx.text.startsWith(p, start) && atWordBoundaries(ctx.text, start, start + p.length));
}

/**
 * The second opinion: the segment talks about abuse (a `talk` word anywhere in it: a judgement, a
 * sanction, a complaint taken down) and every text model reads it as harmless. The structures above
 * recognise talk about abuse by its shape; this catches the shapes they do not know ("有些外包公司会
 * 爆通讯录，…，那是违法的"). Both halves are needed: a threat that names the law ("报警也没用") scores
 * high, and a harmless-reading sentence without such words is left to the rules. A match that opens by
 * addressing the listener is never cancelled by it. Answered once per segment.
 */
function talkAboutAbuse(opinion: NonNullable<CompiledMention['secondOpinion']>, ctx: SegmentContext): boolean {
  if (ctx.secondOpinion < 0) {
    let talks = false;
    for (let k = 0; k < ctx.hits.count && !talks; k++) talks = opinion.isTalk[ctx.hits.phrase[k]!] === 1;
    ctx.secondOpinion = talks && opinion.models.every((m) => textScore(m, ctx.text) < opinion.below) ? 1 : 0;
  }
  return ctx.secondOpinion === 1;
}

/**
 * Harm aimed at no one: the segment names nobody it could be aimed at (no `aimed` phrase: not the
 * listener, no group, nobody in the plural) and every text model reads it as harmless. A threat or
 * an insult on a call has a target; a segment without one that the models, trained on collection
 * calls, score as harmless tells of a beating received or a game won ("小时候挨打最狠的一次…",
 * "终于把最终BOSS砍死了"). The models score a threat or an insult said of the borrower to a relative
 * high ("他就是个老赖", "让他等着，我们的人晚上就到"), and a group named keeps the match for the rules.
 * A property of the segment, not of a match: it cancels all of a rule's matches there or none.
 * Answered once per segment.
 */
export function aimedAtNoOne(u: NonNullable<NonNullable<CompiledPack['cues']>['unaimed']>, ctx: SegmentContext): boolean {
  if (ctx.unaimed < 0) {
    const aimed = anyPhraseWithin(u.aimed, 0, ctx.text.length, ctx);
    ctx.unaimed = !aimed && u.models.every((m) => textScore(m, ctx.text) < u.below) ? 1 : 0;
  }
  return ctx.unaimed === 1;
}
