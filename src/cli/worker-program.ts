import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { JobName } from '../pipeline/transport/job-table.ts';

/** The worker program: BullMQ glue, started as its own process (the CLI does not link it). */
export const WORKER_ENTRY = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

/** The arguments workers/main.ts takes. */
export function workerProgramArgs(opts: { queues: readonly JobName[]; concurrency?: string }): string[] {
  return ['--queues', opts.queues.join(','), ...(opts.concurrency ? ['--concurrency', opts.concurrency] : [])];
}

/**
 * `callguard worker`: runs workers/main.ts with this Node.js and the TypeScript loader, in its own
 * process group, and passes on SIGTERM / SIGINT — once each, as the worker counts them (the first
 * stops gracefully, the second at once). Resolves with the worker's exit code.
 */
export function runWorkerProgram(opts: { queues: readonly JobName[]; concurrency?: string }): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY, ...workerProgramArgs(opts)], {
    stdio: 'inherit',
    // Its own group: a Ctrl-C on the terminal reaches it once, through the handler below.
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      // A worker killed by a signal exits as a shell reports it: 128 + the signal's number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
