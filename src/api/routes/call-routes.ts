import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { CATEGORIES } from '../../domain/category.ts';
import { CallMetaSchema } from '../../domain/transcript.ts';
import { SEVERITIES } from '../../domain/severity.ts';
import { repositories } from '../../store/index.ts';
import { audit } from '../audit.ts';
import { audioMime, sendAudioFile } from '../audio-response.ts';
import { canSeeBank, visibleCall } from '../call-access.ts';
import { badRequest, HttpError, notFound } from '../http-error.ts';
import { presentCall, presentFinding, presentSegments } from '../present.ts';
import { listReviewQueue, queueFilterOptions, REVIEW_STATES } from '../../store/review-app/review-queue.ts';
import { runTranscriptSearch, SearchQuery } from '../transcript-search-query.ts';
import { SearchResultSchema } from '../search-schemas.ts';
import { defineRoute } from '../route-def.ts';
import { CallDetailSchema, FiltersSchema, QueueSchema, VerdictResultSchema } from '../response-schemas.ts';
import { DISMISS_REASONS } from '../verdict-reasons.ts';
import { VerdictSchema } from '../../domain/finding-verdict.ts';
import { assertNotClaimedByOther, assertVerdictKind } from '../qa-review-guard.ts';
import { hasOpenCalibration } from '../../store/review-app/qa-calibrations.ts';
import { apiClock } from '../api-deps.ts';
import { peaksFor } from '../waveform-peaks.ts';
import { browserCanPlay, playableWav } from '../playable-audio.ts';

/** Who reviews calls: QA reviewers, and supervisors investigating; compliance officers read them to tune rules. */
const READERS = ['qa_reviewer', 'supervisor', 'compliance_officer'] as const;
const REVIEWERS = ['qa_reviewer', 'supervisor'] as const;

const CallParams = z.strictObject({ id: z.string().min(1).max(200) });
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const optionalDate = z.iso.date().or(z.iso.datetime({ offset: true })).optional();

const QueueQuery = z.strictObject({
  team: z.string().min(1).optional(),
  agentId: z.string().min(1).optional(),
  bank: z.string().min(1).optional(),
  category: z.enum(CATEGORIES).optional(),
  minSeverity: z.enum(SEVERITIES).optional(),
  from: optionalDate,
  to: optionalDate,
  reviewState: z.enum(REVIEW_STATES).default('unreviewed'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A date without a time is a whole day: `to` includes it. */
function toInstant(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(value);
}

const VerdictBody = z
  .strictObject({
    verdict: VerdictSchema,
    reason: z.enum(DISMISS_REASONS).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((v) => v.verdict !== 'dismissed' || v.reason !== undefined, { message: 'a dismissal needs a reason', path: ['reason'] });

export const callRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/queue',
    roles: READERS,
    summary: 'Flagged calls to review, by risk then SLA, filterable',
    tags: ['review'],
    response: QueueSchema,
    query: QueueQuery,
    async handler({ query }, { deps, user }) {
      const result = await listReviewQueue(deps.db, {
        ...query,
        weights: deps.options.severityWeights,
        banks: user.banks,
        from: toInstant(query.from, false),
        to: toInstant(query.to, true),
      });
      return result;
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/queue/filters',
    roles: READERS,
    summary: 'Teams, agents and banks to filter the queue by',
    tags: ['review'],
    response: FiltersSchema,
    async handler(_input, { deps, user }) {
      return { ...(await queueFilterOptions(deps.db, user.banks)), categories: CATEGORIES, severities: SEVERITIES, dismissReasons: DISMISS_REASONS };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/calls/:id',
    roles: READERS,
    summary: 'A call: metadata, transcript in speaker lanes, findings with verdicts, its cases',
    tags: ['review'],
    response: CallDetailSchema,
    params: CallParams,
    async handler({ params }, ctx) {
      const { deps, user, unmasked } = ctx;
      const call = await visibleCall(deps.db, user, params.id);
      // Who read a borrower's numbers unmasked is on record.
      if (unmasked) await audit(deps.db, ctx, { action: 'call.read_unmasked', entityType: 'call', entityId: call.id });
      const repos = repositories(deps.db);
      const [transcript, findings, cases, blind] = await Promise.all([
        repos.transcripts.latestForCall(call.id),
        repos.findings.listByCall(call.id),
        repos.cases.listOfCall(call.id),
        // A reviewer calibrating this call sees no one's verdicts until they submitted theirs (docs/qa.md).
        user.role === 'supervisor' ? false : hasOpenCalibration(deps.db, call.id, user.username),
      ]);
      return {
        call: presentCall(call, unmasked),
        transcript: transcript
          ? {
            engine: transcript.engine, model: transcript.model, language: transcript.language,
            segments: presentSegments(transcript.segments, unmasked),
            // Signals name measurements, never transcript text: nothing to mask.
            quality: transcript.quality,
          }
          : null,
        findings: findings.map((f) => presentFinding(blind ? { ...f, verdict: null, verdictReason: null, verdictNote: null, verdictBy: null, verdictAt: null } : f, unmasked)),
        cases: user.role === 'qa_reviewer' ? [] : cases.map((c) => ({ id: c.id, status: c.status, slaDueAt: c.slaDueAt })),
        masked: !unmasked,
      };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/calls/:id/audio',
    roles: READERS,
    summary: 'The recording, with HTTP range requests (206) so the player can seek; formats browsers cannot play (AMR, GSM…) as WAV',
    tags: ['review'],
    params: CallParams,
    produces: 'audio/*',
    async handler({ params }, ctx) {
      const { deps, user, req, reply } = ctx;
      const call = await visibleCall(deps.db, user, params.id);
      const file = call.audioSha256 ? await deps.locateAudio(call) : undefined;
      if (!file) throw notFound('recording');
      // A recording is personal data for every role. A playback or download starts at byte 0;
      // the player's seeks (later ranges) are not recorded again.
      const range = req.headers.range;
      if (range === undefined || /^bytes=0-/.test(range)) {
        await audit(deps.db, ctx, { action: 'call.audio', entityType: 'call', entityId: call.id, after: { range: range ?? null } });
      }
      if (browserCanPlay(call.audioFormat)) return sendAudioFile(req, reply, file, audioMime(call.audioFormat));
      const wav = await playableWav(call.audioSha256!, file, deps.options.playableCacheDir);
      return sendAudioFile(req, reply, wav, 'audio/wav');
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/calls/:id/peaks',
    roles: READERS,
    summary: 'Waveform peaks per channel, computed from the decoded recording',
    tags: ['review'],
    params: CallParams,
    query: z.strictObject({ buckets: z.coerce.number().int().min(50).max(4000).default(800) }),
    async handler({ params, query }, { deps, user }) {
      const call = await visibleCall(deps.db, user, params.id);
      const file = call.audioSha256 ? await deps.locateAudio(call) : undefined;
      if (!file) throw notFound('recording');
      return peaksFor(call.audioSha256!, file, query.buckets);
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/findings/:id/verdict',
    roles: REVIEWERS,
    summary: 'Confirm or dismiss a finding (dismissals need a reason), or note / act on a borrower signal; stored with the rule version',
    tags: ['review'],
    response: VerdictResultSchema,
    params: IdParams,
    body: VerdictBody,
    async handler({ params, body }, ctx) {
      const { deps, user, unmasked } = ctx;
      const updated = await deps.db.transaction(async (tx) => {
        const repos = repositories(tx);
        const before = await repos.findings.get(params.id);
        // A finding of a call outside the user's banks is answered like a missing one, word for word.
        if (!before) throw notFound('finding');
        const call = await repos.calls.get(before.callId);
        if (!call || !canSeeBank(user, call.bank)) throw notFound('finding');
        assertVerdictKind(before.category, body.verdict);
        const now = apiClock(deps).now();
        await assertNotClaimedByOther(tx, user, call.id, now);
        const after = await repos.findings.setVerdict(params.id, {
          verdict: body.verdict,
          reason: body.verdict === 'dismissed' ? body.reason! : null,
          note: body.note?.trim() || null,
          by: user.username,
          at: now,
        });
        await audit(tx, ctx, {
          action: 'finding.verdict',
          entityType: 'finding',
          entityId: String(params.id),
          before: { verdict: before.verdict, reason: before.verdictReason, by: before.verdictBy },
          after: { verdict: after!.verdict, reason: after!.verdictReason, ruleId: after!.ruleId, ruleVersion: after!.ruleVersion, callId: after!.callId },
        });
        return after!;
      });
      return { finding: presentFinding(updated, unmasked) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/search',
    roles: READERS,
    summary: 'Search transcripts across calls: all words must occur (traditional finds simplified), or calls without a phrase; by speaker and call filters',
    tags: ['review'],
    query: SearchQuery,
    response: SearchResultSchema,
    rateLimit: 'search',
    async handler({ query }, ctx) {
      const { deps, user, unmasked } = ctx;
      const result = await runTranscriptSearch(deps.db, user, unmasked, query);
      await audit(deps.db, ctx, {
        action: 'transcript.search', entityType: 'search', entityId: '-',
        after: {
          q: query.q ?? null, exclude: query.exclude ?? null,
          filters: { team: query.team, agentId: query.agentId, bank: query.bank, from: query.from, to: query.to, speaker: query.speaker, firstContact: query.firstContact, language: query.language },
          callIds: result.hits.map((h) => h.callId), unmasked,
        },
      });
      return result;
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/calls',
    roles: ['admin', 'supervisor'],
    rateLimit: 'upload',
    summary: 'Upload a recording with its metadata (multipart: field "meta" as JSON, file "audio", optional file "transcript" delivered with it)',
    tags: ['ingest'],
    multipart: true,
    async handler(_input, ctx) {
      const { deps, req, user } = ctx;
      if (!deps.ingestUpload) throw new HttpError(503, 'ingest_unavailable', 'this server does not ingest recordings');
      if (!req.isMultipart()) throw badRequest('send multipart/form-data with a "meta" field and an "audio" file');
      const dir = await mkdtemp(path.join(tmpdir(), 'callguard-upload-'));
      try {
        let meta: unknown;
        let audioPath: string | undefined;
        let transcriptText: string | undefined;
        for await (const part of req.parts()) {
          if (part.type === 'file' && part.fieldname === 'transcript') {
            // A transcript delivered with the recording (the sidecar engine reads it); validated by the ingest stage.
            const chunks: Buffer[] = [];
            for await (const chunk of part.file) chunks.push(chunk as Buffer);
            if (part.file.truncated) throw new HttpError(413, 'too_large', 'the transcript is larger than the upload limit');
            transcriptText = Buffer.concat(chunks).toString('utf8');
          } else if (part.type === 'file') {
            if (part.fieldname !== 'audio' || audioPath) throw badRequest('one recording, in the field "audio" (and optionally a transcript JSON in "transcript")');
            const ext = path.extname(part.filename ?? '').toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 6);
            audioPath = path.join(dir, `upload${ext}`);
            await pipeline(part.file, createWriteStream(audioPath));
            if (part.file.truncated) throw new HttpError(413, 'too_large', 'the recording is larger than the upload limit');
          } else if (part.fieldname === 'meta') {
            try {
              meta = JSON.parse(String(part.value));
            } catch {
              throw badRequest('"meta" must be JSON');
            }
          }
        }
        if (!audioPath) throw badRequest('the "audio" file is missing');
        if (meta === undefined) throw badRequest('the "meta" field is missing');
        const { phone, ...rest } = meta as { phone?: unknown };
        const parsed = CallMetaSchema.safeParse(rest);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          throw badRequest(`meta.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
        }
        if (phone !== undefined && typeof phone !== 'string') throw badRequest('meta.phone must be a string');
        if (!canSeeBank(user, parsed.data.bank)) throw new HttpError(403, 'forbidden', 'outside your banks');
        const result = await deps.ingestUpload({ audioPath, meta: parsed.data, ...(phone ? { phone } : {}), ...(transcriptText !== undefined ? { transcriptText } : {}) });
        await audit(deps.db, ctx, { action: 'call.upload', entityType: 'call', entityId: result.callId, after: { outcome: result.kind } });
        // A stored call the user may not see (another bank's) is not described, nor its id given: one answer for all.
        const existingId = result.kind === 'duplicate_recording' ? result.existingCallId : result.kind === 'new' ? undefined : result.callId;
        if (existingId !== undefined) {
          const existing = await repositories(deps.db).calls.get(existingId);
          if (!existing || !canSeeBank(user, existing.bank)) throw new HttpError(409, 'conflict', 'this call id or recording cannot be stored again');
        }
        if (result.kind === 'conflict') throw new HttpError(409, 'conflict', result.message);
        if (result.kind === 'duplicate_recording') {
          throw new HttpError(409, 'duplicate_recording', `this recording is already stored as call ${result.existingCallId}`);
        }
        ctx.reply.status(result.kind === 'new' ? 201 : 200);
        return result;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
];
