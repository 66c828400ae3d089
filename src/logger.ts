import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted wherever they appear in a log object: transcripts and phone numbers are personal
 * data and never belong in logs. Log ids (callId, jobId), never payloads.
 */
const REDACT = [
  'text', 'quote', 'segments', 'transcript', 'phone', 'borrowerName', 'idNumber',
  '*.text', '*.quote', '*.segments', '*.transcript', '*.phone', '*.borrowerName', '*.idNumber',
];

export function createLogger(level: string = 'info'): Logger {
  // Logs go to stderr: stdout belongs to command output (JSON lines, tables).
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination(2));
}
