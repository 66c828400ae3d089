import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi } from './api-test-kit.ts';

/** Bull Board on a real Redis (127.0.0.1:6379, as in the pipeline tests), behind the app's sign-in. */
const REDIS = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const prefix = `cgtest-board-${randomBytes(4).toString('hex')}`;
const queue = new Queue('scan', { connection: REDIS, prefix });

describe('the queue board at /admin/queues', () => {
  const api = useApi({ deps: { boardQueues: [queue] } });
  beforeAll(async () => {
    await queue.add('scan', { callId: 'c1' });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('shows the queues to admins only', async () => {
    expect((await api.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await api.request('supervisor', { method: 'GET', url: '/admin/queues' })).statusCode).toBe(403);
    const page = await api.request('admin', { method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const list = await api.request('admin', { method: 'GET', url: '/admin/queues/api/queues' });
    expect(list.statusCode).toBe(200);
    const names = (list.json() as { queues: { name: string; counts: Record<string, number> }[] }).queues.map((q) => q.name);
    expect(names).toEqual(['scan']);
  });

  it('refuses changes that do not come from this site', async () => {
    const cross = await api.request('admin', { method: 'PUT', url: '/admin/queues/api/queues/pause', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(cross.statusCode).toBe(403);
    const noHeaders = await api.request('admin', { method: 'PUT', url: '/admin/queues/api/queues/pause' });
    expect(noHeaders.statusCode).toBe(403);
    expect(await queue.isPaused()).toBe(false);
    const same = await api.request('admin', { method: 'PUT', url: '/admin/queues/api/queues/pause', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(same.statusCode).toBeLessThan(300);
    expect(await queue.isPaused()).toBe(true);
    // The change is on record; the refused ones are not changes.
    const { rows } = await api.db.query<{ actor: string; entity_id: string; after: { method: string } }>(
      `SELECT actor, entity_id, after FROM audit_events WHERE action = 'queue_board.action'`,
    );
    expect(rows).toEqual([{ actor: 'admin', entity_id: '/api/queues/pause', after: { method: 'PUT' } }]);
  });
});
