import { z } from 'zod';

/**
 * The transcript JSON format: the contract between transcription, sidecar import, `callguard scan`
 * and the pipeline. docs/transcript-format.md and docs/transcript.schema.json are generated from here.
 */

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const SPEAKERS = ['agent', 'customer', 'unknown'] as const;
export const SpeakerSchema = z.enum(SPEAKERS);
export type Speaker = z.infer<typeof SpeakerSchema>;

/** ISO 8601 with an explicit UTC offset: the call's local time is what the hours rules judge. */
export const OffsetDateTimeSchema = z.iso.datetime({ offset: true, local: false }).refine(
  (s) => /(?:[+-]\d{2}:?\d{2}|Z)$/.test(s),
  { message: 'must carry a UTC offset, e.g. 2026-03-01T09:30:00+08:00' },
);

/** What the audio stage learned about the recording; feeds the `recording` rules. */
export const RecordingFactsSchema = z.strictObject({
  present: z.boolean().describe('A recording exists for this call'),
  durationMs: z.number().int().nonnegative().optional().describe('Decoded recording length'),
  silentChannels: z.array(z.enum(['agent', 'customer'])).optional().describe('Channels with no speech energy'),
});
export type RecordingFacts = z.infer<typeof RecordingFactsSchema>;

export const CallMetaSchema = z
  .object({
    id: z.string().min(1).describe('Call id, unique per agency'),
    agentId: z.string().min(1).describe('Collector id (工号)'),
    agentName: z.string().min(1).optional().describe('Collector name as they introduce themselves'),
    agency: z.string().min(1).optional().describe('Collection agency name'),
    team: z.string().min(1).optional(),
    borrowerId: z.string().min(1).describe('Borrower id at the bank; calls are grouped by it'),
    bank: z.string().min(1).describe('The creditor bank the agency acts for (受托银行)'),
    startedAt: OffsetDateTimeSchema.describe('Call start, ISO 8601 with the UTC offset of the borrower’s local time'),
    direction: z.enum(['outbound', 'inbound']),
    firstContact: z.boolean().describe('First communication with this borrower about this debt'),
    language: LanguageSchema,
    durationMs: z.number().int().nonnegative().optional().describe('Call duration the dialer reports'),
    connected: z.boolean().optional().describe('The call was answered (default true when a recording exists)'),
    rightPartyVerified: z.boolean().optional().describe('The agent verified they speak to the borrower'),
    channelLayout: z.enum(['agent-left', 'agent-right', 'mono']).optional(),
    recording: RecordingFactsSchema.optional(),
  })
  .catchall(z.unknown())
  .describe('Call metadata; extra keys are kept and may be used by rule conditions');
export type CallMeta = z.infer<typeof CallMetaSchema>;

export const WordSchema = z.strictObject({
  text: z.string(),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  confidence: z.number().min(0).max(1).optional(),
});
export type Word = z.infer<typeof WordSchema>;

export const SegmentSchema = z
  .strictObject({
    speaker: SpeakerSchema,
    startMs: z.number().nonnegative(),
    endMs: z.number().nonnegative(),
    text: z.string(),
    confidence: z.number().min(0).max(1).optional(),
    words: z.array(WordSchema).optional(),
  })
  .refine((s) => s.endMs >= s.startMs, { message: 'endMs must not be before startMs', path: ['endMs'] });
export type Segment = z.infer<typeof SegmentSchema>;

/** What lowered a transcript's quality estimate (src/asr/transcript-quality.ts, docs/transcript-format.md). */
export const QUALITY_SIGNALS = [
  'low_confidence',
  'speech_rate',
  'odd_tokens',
  'silent_side',
  'language_mismatch',
  'narrowband_audio',
] as const;
export const QualitySignalNameSchema = z.enum(QUALITY_SIGNALS);
export type QualitySignalName = z.infer<typeof QualitySignalNameSchema>;

export const QualitySignalSchema = z.strictObject({
  signal: QualitySignalNameSchema,
  value: z.number().describe('What was measured (a confidence, tokens per second, a share), as the detail explains'),
  factor: z.number().min(0).max(1).describe('What this signal multiplied the score by'),
  speaker: SpeakerSchema.optional().describe('The side it was measured on, when it concerns one side'),
  detail: z.string().describe('The measurement in words, for the reviewer'),
});
export type QualitySignal = z.infer<typeof QualitySignalSchema>;

export const TranscriptQualitySchema = z
  .strictObject({
    score: z.number().min(0).max(1).describe('1 = nothing suggests the text is wrong; the product of the signals\' factors'),
    engine: z.string().describe('The engine whose output was judged'),
    signals: z.array(QualitySignalSchema).describe('The signals that lowered the score, worst first'),
  })
  .describe('How far the segments can be trusted; below the policy threshold the call gets a transcript_quality finding');
export type TranscriptQuality = z.infer<typeof TranscriptQualitySchema>;

export const TranscriptSchema = z.strictObject({
  call: CallMetaSchema,
  segments: z.array(SegmentSchema),
  engine: z
    .strictObject({ name: z.string(), model: z.string().optional(), version: z.string().optional() })
    .optional()
    .describe('Which engine produced the segments'),
  quality: TranscriptQualitySchema.optional(),
});
export type Transcript = z.infer<typeof TranscriptSchema>;
