/**
 * A process that takes the stalled-call sweep lease and then hangs, like a worker stuck in the
 * middle of a sweep: the lease test kills it with SIGKILL. Prints "held" once it holds the lease.
 * Usage: tsx sweep-lease-holder.ts <queue prefix> <lease ttl ms>
 */
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { PipelineQueues, redisConnectionFromUrl } from '../../../src/pipeline/transport/queues.ts';
import { SweepLease } from '../../../src/pipeline/operations/sweep-lease.ts';
import { REDIS_URL } from './queue-helpers.ts';

const [prefix, ttlMs] = process.argv.slice(2);
const queues = new PipelineQueues(createJobTable({ cores: 1 }), { connection: redisConnectionFromUrl(REDIS_URL), prefix: prefix! });
const { client, keyPrefix } = await queues.redisForOwnKeys();
const lease = await SweepLease.acquire(client, keyPrefix, { ttlMs: Number(ttlMs), holder: `lease-holder:${process.pid}` });
process.stdout.write(lease ? 'held\n' : 'not held\n');
// Never extends, never releases: only the key's expiry can free the lease.
setInterval(() => {}, 1 << 30);
