import type { JobName } from './job-table.ts';
import type { NextJob } from '../stage.ts';
import type { Dispatcher } from './dispatch.ts';
import type { PipelineQueues } from './queues.ts';

/**
 * Server mode: jobs go to their BullMQ queues, one bulk add per stage (a 10,000-call batch is
 * queued in a few round trips), with the job table's retry policy and deterministic ids.
 */
export function createQueueDispatcher(queues: PipelineQueues): Dispatcher {
  return {
    kind: 'queue',
    async dispatch(jobs) {
      const byStage = new Map<JobName, NextJob['payload'][]>();
      for (const job of jobs) byStage.set(job.name, [...(byStage.get(job.name) ?? []), job.payload]);
      for (const [name, payloads] of byStage) await queues.enqueueMany(name, payloads as never);
    },
    async close() {
      // The queues belong to the runtime, which closes them after this.
    },
  };
}
