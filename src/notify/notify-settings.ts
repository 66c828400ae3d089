import type { Config } from '../config.ts';

/**
 * What the notifier needs to know, passed in (from config.ts in the processes that run it): where
 * e-mail goes out, the webhook and its shared secret, the review app's address for links, and the
 * retry policy.
 */
export interface NotifySettings {
  /** nodemailer SMTP connection URL (smtp://user:pass@host:587); undefined = no e-mail. */
  smtpUrl?: string;
  emailFrom: string;
  /** The receiver of signed webhook posts; undefined = no webhook. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** The review app as people reach it, for links in messages (no trailing slash). */
  publicUrl: string;
  /** How often the loop looks for new events and due deliveries. */
  pollMs: number;
  /** Attempts per delivery before it is given up. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubled after each further one, up to maxRetryDelayMs. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** A send that takes longer is abandoned (and retried). */
  sendTimeoutMs: number;
  /** How long a claimed delivery belongs to its process: past it, another may send it. */
  leaseMs: number;
  /** How long to wait for a missing case_events id (an uncommitted insert) before reading past it. */
  gapGraceMs: number;
}

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  emailFrom: 'callguard <callguard@localhost>',
  publicUrl: 'http://localhost:8080',
  pollMs: 15_000,
  maxAttempts: 6,
  retryBaseMs: 30_000,
  maxRetryDelayMs: 3600_000,
  sendTimeoutMs: 15_000,
  leaseMs: 120_000,
  gapGraceMs: 30_000,
};

/** The wait before attempt `attempt + 1`, after `attempt` failed ones: exponential, capped. */
export function retryDelayMs(attempt: number, s: Pick<NotifySettings, 'retryBaseMs' | 'maxRetryDelayMs'>): number {
  return Math.min(s.retryBaseMs * 2 ** Math.max(0, attempt - 1), s.maxRetryDelayMs);
}

/** The settings from validated configuration (the environment). */
export function notifySettingsFromConfig(config: Config): NotifySettings {
  return {
    ...DEFAULT_NOTIFY_SETTINGS,
    ...(config.SMTP_URL ? { smtpUrl: config.SMTP_URL } : {}),
    emailFrom: config.NOTIFY_EMAIL_FROM,
    ...(config.NOTIFY_WEBHOOK_URL ? { webhookUrl: config.NOTIFY_WEBHOOK_URL, webhookSecret: config.NOTIFY_WEBHOOK_SECRET } : {}),
    publicUrl: config.CALLGUARD_PUBLIC_URL.replace(/\/+$/, ''),
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    retryBaseMs: config.NOTIFY_RETRY_BASE_SECONDS * 1000,
  };
}
