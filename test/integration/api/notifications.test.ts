import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordComplaint } from '../../../src/cases/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { createNotifier } from '../../../src/notify/notifier.ts';
import { DEFAULT_NOTIFY_SETTINGS } from '../../../src/notify/notify-settings.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';

describe('notification admin API', () => {
  const api = useApi();
  let receiver: Server;
  let url = '';
  const statuses = [502];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = statuses.shift() ?? 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?token=secret-in-query`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('lets an admin set a user\'s address, audited, and refuses a malformed one', async () => {
    const users = (await api.request('admin', { method: 'GET', url: '/api/users' })).json().users as { id: number; username: string }[];
    const sup = users.find((u) => u.username === 'supervisor')!;
    const bad = await api.request('admin', { method: 'PUT', url: `/api/users/${sup.id}/email`, payload: { email: 'not an address' } });
    expect(bad.statusCode).toBe(400);
    const ok = await api.request('admin', { method: 'PUT', url: `/api/users/${sup.id}/email`, payload: { email: 'sup@agency.test' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ username: 'supervisor', email: 'sup@agency.test' });
    const missing = await api.request('admin', { method: 'PUT', url: '/api/users/99999/email', payload: { email: null } });
    expect(missing.statusCode).toBe(404);
    const { rows } = await api.db.query(`SELECT before, after FROM audit_events WHERE action = 'user.email'`);
    expect(rows).toEqual([{ before: { email: null }, after: { email: 'sup@agency.test' } }]);
  });

  it('shows the delivery log with every attempt, and never the webhook URL\'s query', async () => {
    const clock = new ManualClock();
    const { case: kase } = await recordComplaint(api.db, {
      bank: 'bank-x', borrowerId: 'B-9', channel: 'phone', receivedAt: clock.now(), content: '投诉', borrowerRequest: null, createdBy: 'supervisor',
    }, 24, clock.now());
    const n = createNotifier({
      db: api.db, clock, logger: createLogger('silent'),
      settings: { ...DEFAULT_NOTIFY_SETTINGS, webhookUrl: url, webhookSecret: 'x'.repeat(20), gapGraceMs: 0, retryBaseMs: 1000 },
    });
    await n.tick();
    clock.advance(1000);
    await n.tick();
    n.close();
    const res = await api.request('admin', { method: 'GET', url: `/api/notifications/deliveries?caseId=${kase.id}` });
    expect(res.statusCode).toBe(200);
    const [d] = res.json().deliveries;
    expect(d).toMatchObject({ caseId: kase.id, kind: 'complaint_added', channel: 'webhook', status: 'delivered', attempts: 2, lastResponseCode: 204 });
    expect(d.recipient).not.toContain('token');
    expect(d.log.map((a: { status: string; responseCode: number }) => [a.status, a.responseCode])).toEqual([['retry', 502], ['delivered', 204]]);
    const failedOnly = await api.request('admin', { method: 'GET', url: '/api/notifications/deliveries?status=failed' });
    expect(failedOnly.json().deliveries).toEqual([]);
  });
});
