import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/api/route-table.ts';
import { ROLES } from '../../../src/domain/role.ts';
import { useApi } from './api-test-kit.ts';
import { seedReviewData } from './seed-review-data.ts';

/**
 * Walks the whole route table: for every route, anonymous callers get 401, each role outside the
 * route's list gets 403, and each role in it gets past access control (any answer but 401/403 —
 * a 400 for the empty body still proves the role was let in). Sign-out ends the session it is
 * called with, so it gets a fresh one.
 */
describe('route table authorization', () => {
  const api = useApi();

  const urlOf = (url: string) =>
    url.replace(/:id/g, url.startsWith('/api/calls/') ? 'zh-abusive' : '1').replace(/:(\w+)/g, '1');

  it('has a route table where every route names its roles', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    for (const r of ROUTES) {
      expect(r.url.startsWith('/api/'), r.url).toBe(true);
      if (r.roles !== 'public') expect(r.roles.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
    }
    // Only sign-in is public.
    expect(ROUTES.filter((r) => r.roles === 'public').map((r) => r.url)).toEqual(['/api/auth/login']);
  });

  it('gives each role exactly what the table allows', async () => {
    await seedReviewData(api.db);
    const problems: string[] = [];
    for (const route of ROUTES) {
      if (route.roles === 'public') continue;
      const url = urlOf(route.url);
      const write = route.method !== 'GET';
      const anon = await api.inject({ method: route.method, url, ...(write ? { payload: {} } : {}) });
      if (anon.statusCode !== 401) problems.push(`anonymous ${route.method} ${route.url}: ${anon.statusCode}`);
      for (const role of ROLES) {
        const s = route.url === '/api/auth/logout' ? await api.login(role) : await api.as(role);
        const res = await api.inject({
          method: route.method,
          url,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          ...(write ? { payload: {} } : {}),
        });
        const allowed = route.roles.includes(role);
        const got = res.statusCode;
        if (allowed && (got === 401 || got === 403)) problems.push(`${role} ${route.method} ${route.url}: ${got} but allowed (${res.body})`);
        if (!allowed && got !== 403) problems.push(`${role} ${route.method} ${route.url}: ${got} but not allowed`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents every route, with its roles, in the OpenAPI document', async () => {
    const res = await api.request('qa_reviewer', { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { description?: string }>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const route of ROUTES) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url}`).toBeDefined();
      if (route.roles !== 'public') expect(op!.description).toBe(`Roles: ${route.roles.join(', ')}`);
    }
  });
});
