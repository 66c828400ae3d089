import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Environment → typed configuration, validated once at start-up. Every bad variable is listed in
 * one error so an operator fixes them in one go. Modules take the parts they need as arguments and
 * never read process.env themselves.
 */
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalInt = (min: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).optional());

export const ConfigSchema = z.object({
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url().optional()).describe('PostgreSQL; unset = embedded database'),
  REDIS_URL: z.preprocess(emptyToUndefined, z.url().optional()).describe('Redis for the queues; unset = in-process stages'),
  CALLGUARD_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.callguard')).describe('Embedded database, audio store'),
  CALLGUARD_WORK_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(os.tmpdir(), 'callguard-work')))
    .describe('Temp files of the stages (decoded call audio); one subdirectory per process, those of dead processes removed at start'),
  CALLGUARD_RULES_DIR: z.preprocess(emptyToUndefined, z.string().default('rules')),
  CALLGUARD_QUEUE_PREFIX: z.preprocess(emptyToUndefined, z.string().default('callguard')),
  ASR_ENGINE: z.preprocess(emptyToUndefined, z.enum(['auto', 'whisper', 'pocketsphinx', 'openai-http', 'sidecar']).default('auto')),
  WHISPER_MODEL: optionalString.describe('Path to a ggml whisper model file'),
  WHISPER_LANGUAGE: z.preprocess(emptyToUndefined, z.enum(['zh', 'en', 'auto']).default('auto')),
  WHISPER_THREADS: optionalInt(1),
  WHISPER_BUILD: z.preprocess(emptyToUndefined, z.enum(['cpu', 'cuda', 'vulkan']).default('cpu')).describe('whisper.cpp native build; GPU builds are installed separately (docs/transcription.md)'),
  OPENAI_ASR_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  OPENAI_ASR_KEY: optionalString,
  OPENAI_ASR_MODEL: z.preprocess(emptyToUndefined, z.string().default('whisper-1')),
  WORKER_QUEUES: optionalString.describe('Comma-separated stage names this worker serves; unset = all'),
  STALLED_SWEEP_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(60))
    .describe('How often worker processes look for stalled calls (one process at a time); 0 = never'),
  STALLED_AFTER_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(600))
    .describe('A call unfinished and unmoved this long, with no job in any queue, is queued again'),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(8080)),
  // Notifications of case events (docs/notifications.md).
  SMTP_URL: z.preprocess(emptyToUndefined, z.url().optional()).describe('nodemailer SMTP URL for notification e-mail; unset = no e-mail'),
  NOTIFY_EMAIL_FROM: z.preprocess(emptyToUndefined, z.string().default('callguard <callguard@localhost>')),
  NOTIFY_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url().optional()).describe('Receiver of signed webhook posts; unset = none'),
  NOTIFY_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16).optional()).describe('Shared HMAC-SHA256 key of the webhook (16+ characters)'),
  NOTIFY_MAX_ATTEMPTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(50).default(6)),
  NOTIFY_RETRY_BASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(30)),
  CALLGUARD_PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().default('http://localhost:8080')).describe('The review app as people reach it, for links in notifications'),
  // The report to the bank: who it is from (docs/complaints.md).
  REPORT_AGENCY_NAME: z.preprocess(emptyToUndefined, z.string().max(200).default('催收服务机构 / Collection agency')),
  REPORT_LETTERHEAD: optionalString.describe("Letterhead lines under the agency's name, separated by |"),
  REPORT_SIGNATURE: optionalString.describe('Signature block lines (who signs, title), separated by |'),
}).refine((c) => !c.NOTIFY_WEBHOOK_URL || c.NOTIFY_WEBHOOK_SECRET, {
  path: ['NOTIFY_WEBHOOK_SECRET'], message: 'required when NOTIFY_WEBHOOK_URL is set: receivers verify the signature',
});
export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
