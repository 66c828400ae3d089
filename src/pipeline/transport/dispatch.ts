import type { NextJob } from '../stage.ts';

/**
 * Hands jobs to the transport: queued (server mode) or run in this process (embedded mode). The
 * caller does not know which; registration, retry and the drop folder all end in a dispatch.
 */
export type Dispatch = (jobs: readonly NextJob[]) => Promise<void>;

export interface Dispatcher {
  readonly kind: 'queue' | 'in-process';
  dispatch: Dispatch;
  /** Waits for what was dispatched and still runs here (in-process); nothing to wait for with queues. */
  close(): Promise<void>;
}
