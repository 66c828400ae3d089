import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createJobTable, JOB_NAMES, type JobTable } from '../../../src/pipeline/transport/job-table.ts';
import { PipelineQueues, type QueueConnection } from '../../../src/pipeline/transport/queues.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A random queue prefix per test (BullMQ's own test practice), obliterated afterwards. */
export function testConnection(): QueueConnection {
  return {
    connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
    prefix: `cgtest-${randomBytes(6).toString('hex')}`,
  };
}

/** The production table with retry delays shortened so tests do not wait seconds between tries. */
export function fastTable(attempts?: number, timeoutMs?: number): JobTable {
  const table = createJobTable({ cores: 2 });
  for (const n of JOB_NAMES) {
    table[n].backoff = { type: 'fixed', delay: 50 };
    if (attempts !== undefined) table[n].attempts = attempts;
    if (timeoutMs !== undefined) table[n].timeoutMs = timeoutMs;
  }
  return table;
}

export function quietLogger() {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function producer(table: JobTable, conn: QueueConnection): PipelineQueues {
  return new PipelineQueues(table, conn);
}
