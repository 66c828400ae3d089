import { describe, expect, it } from 'vitest';
import { createCallguardMetrics } from '../../../src/pipeline/operations/metrics/pipeline-metrics.ts';
import type { Db } from '../../../src/store/db.ts';
import { repositories } from '../../../src/store/index.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { parseMetrics, sample } from '../pipeline/metrics-text.ts';
import { useApi } from './api-test-kit.ts';

/**
 * GET /metrics on the review app: who may scrape it (a bearer token, or this machine when no token
 * is set), request durations by route pattern and status, and the case gauges by kind and status
 * and by where their deadlines stand, read from the database through a cache.
 */
const clock = new ManualClock(new Date('2026-03-05T00:00:00Z'));
let dbRef: Db | undefined;
// The test database exists only once the kit's beforeAll ran: the gauges reach it through this.
const lateDb = { query: (text: string, values?: unknown[]) => dbRef!.query(text, values) } as unknown as Db;
const TOKEN = 'scrape-token-0123456789';

describe('GET /metrics with a token', () => {
  const api = useApi({ deps: { metrics: { metrics: createCallguardMetrics({ db: lateDb, clock, cacheMs: 60_000 }), token: TOKEN }, clock } });

  it('answers only with the bearer token, and reports requests by route pattern, never by URL', async () => {
    dbRef = api.db;
    const cases = repositories(api.db).cases;
    // A risk case's review is due 72 hours after it opened: the first is past that at the clock's 2026-03-05, the second not.
    const slaDueAt = new Date('2026-03-09T00:00:00Z');
    const c = await cases.insertOpen({ bank: 'B', borrowerId: 'B-13912345678', openedReason: 'manual', riskScore: 1, openedAt: new Date('2026-03-01T00:00:00Z'), slaDueAt });
    await cases.insertOpen({ bank: 'B', borrowerId: 'B-2', openedReason: 'manual', riskScore: 1, openedAt: new Date('2026-03-04T00:00:00Z'), slaDueAt });
    expect((await api.request('supervisor', { method: 'GET', url: `/api/cases/${c!.id}` })).statusCode).toBe(200);
    expect((await api.request('supervisor', { method: 'GET', url: '/api/cases/999999' })).statusCode).toBe(404);
    expect((await api.request('qa_reviewer', { method: 'GET', url: `/api/cases/${c!.id}` })).statusCode).toBe(403);

    expect((await api.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    expect((await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const res = await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` }, remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(200);
    const m = parseMetrics(res.body);
    expect(sample(m, 'callguard_http_request_duration_seconds_count', { method: 'GET', route: '/api/cases/:id', status: '200' })).toBe(1);
    expect(sample(m, 'callguard_http_request_duration_seconds_count', { method: 'GET', route: '/api/cases/:id', status: '404' })).toBe(1);
    expect(sample(m, 'callguard_http_request_duration_seconds_count', { method: 'GET', route: '/api/cases/:id', status: '403' })).toBe(1);
    expect(sample(m, 'callguard_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(m, 'callguard_cases', { kind: 'risk', status: 'open' })).toBe(2);
    const riskReview = (state: string) => ({ kind: 'risk', status: 'open', deadline: 'risk_review', state });
    expect(sample(m, 'callguard_case_deadlines', riskReview('overdue'))).toBe(1);
    expect(sample(m, 'callguard_case_deadlines', riskReview('due'))).toBe(1);
    // Not in any label (a sample's value, a float such as 0.0133319999999, may hold any digits).
    const labels = res.body.match(/\{[^}]*\}/g)?.join('\n') ?? '';
    expect(labels).not.toContain('13912345678');
    expect(labels).not.toContain('999999');
    expect(labels).toContain('route="/api/cases/:id"');

    // Cached: a case opened now shows up only once the cache period is over.
    await cases.insertOpen({ bank: 'B', borrowerId: 'B-3', openedReason: 'manual', riskScore: 1, openedAt: new Date('2026-02-20T00:00:00Z'), slaDueAt });
    const scrape = async () => parseMetrics((await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body);
    expect(sample(await scrape(), 'callguard_case_deadlines', riskReview('overdue'))).toBe(1);
    clock.advance(61_000);
    expect(sample(await scrape(), 'callguard_case_deadlines', riskReview('overdue'))).toBe(2);
  });
});

describe('GET /metrics without a token', () => {
  const api = useApi({ deps: { metrics: { metrics: createCallguardMetrics() } } });

  it('answers this machine only, and not a request a local proxy forwarded', async () => {
    expect((await api.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.7' })).statusCode).toBe(403);
    expect((await api.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
  });
});
