import { describe, expect, it } from 'vitest';
import { PASSWORD, useApi } from './api-test-kit.ts';

describe('sign-in, sessions and CSRF', () => {
  const api = useApi({ api: { maxFailuresPerAccountIp: 3, maxFailuresPerIp: 6, freeFailuresPerAccount: 6, accountDelayBaseMs: 60_000 } });

  it('refuses anonymous requests to /api with 401, known route or not', async () => {
    for (const url of ['/api/auth/me', '/api/no-such-thing', '/api/openapi.json']) {
      const res = await api.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Strict, and stores only argon2id hashes', async () => {
    const res = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'qa_reviewer', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cg_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.secure).toBeFalsy();
    expect(res.json().user).toMatchObject({ username: 'qa_reviewer', role: 'qa_reviewer', seesUnmaskedPii: false });
    const me = await api.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `cg_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
    const { rows } = await api.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessions = await api.db.query<{ token_sha256: string }>('SELECT token_sha256 FROM sessions');
    expect(sessions.rows.map((r) => r.token_sha256)).not.toContain(cookie.value);
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const { buildServer } = await import('../../../src/api/server.ts');
    const { createLogger } = await import('../../../src/logger.ts');
    const { DEFAULT_API_OPTIONS } = await import('../../../src/api/api-deps.ts');
    const app = await buildServer({
      db: api.db, logger: createLogger('silent'), locateAudio: async () => undefined,
      options: { ...DEFAULT_API_OPTIONS, trustProxy: 1 },
    });
    try {
      const res = await app.inject({
        method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(200);
      // Over HTTPS the cookie carries the __Host- prefix (Secure, Path=/, no Domain), and browsers are told to stay on HTTPS.
      const secure = res.cookies.find((c) => c.name === '__Host-cg_session')!;
      expect(secure).toMatchObject({ secure: true, path: '/' });
      expect(secure.domain).toBeUndefined();
      expect(res.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-forwarded-proto': 'https', cookie: `__Host-cg_session=${secure.value}` } });
      expect(me.statusCode).toBe(200);
      // The unprefixed name is not read over HTTPS: a cookie planted by a sibling subdomain does nothing.
      const planted = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-forwarded-proto': 'https', cookie: `cg_session=${secure.value}` } });
      expect(planted.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('believes X-Forwarded-For only from the named proxy hops, so clients cannot forge their address', async () => {
    const { buildServer } = await import('../../../src/api/server.ts');
    const { createLogger } = await import('../../../src/logger.ts');
    const { DEFAULT_API_OPTIONS } = await import('../../../src/api/api-deps.ts');
    const { parseTrustProxy } = await import('../../../src/api/trust-proxy.ts');
    const serve = (flag: string) => buildServer({
      db: api.db, logger: createLogger('silent'), locateAudio: async () => undefined,
      options: { ...DEFAULT_API_OPTIONS, maxFailuresPerAccountIp: 3, maxFailuresPerIp: 6, trustProxy: parseTrustProxy(flag) },
    });
    // One proxy in front: it appends the real client's address; whatever the client wrote before it is ignored.
    const oneHop = await serve('1');
    try {
      const attempt = (forged: string) => oneHop.inject({
        method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'wrong ' + forged },
        remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': `${forged}, 203.0.113.9` },
      });
      for (const forged of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) expect((await attempt(forged)).statusCode).toBe(401);
      expect((await attempt('4.4.4.4')).statusCode).toBe(429);
      const { rows } = await api.db.query<{ ip: string }>(`SELECT DISTINCT ip FROM login_attempts WHERE username = 'supervisor' AND NOT success`);
      expect(rows.map((r) => r.ip)).toEqual(['203.0.113.9']);
    } finally {
      await oneHop.close();
    }
    // The proxy named by address: a request from elsewhere is the client itself, headers or not.
    const named = await serve('10.0.0.5');
    try {
      const direct = await named.inject({
        method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD },
        remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': '10.9.9.9', 'x-forwarded-proto': 'https' },
      });
      expect(direct.statusCode).toBe(200);
      expect(direct.cookies.find((c) => c.name === 'cg_session')!.secure).toBeFalsy();
      const { rows } = await api.db.query<{ ip: string }>(`SELECT ip FROM sessions ORDER BY created_at DESC LIMIT 1`);
      expect(rows[0]!.ip).toBe('198.51.100.7');
    } finally {
      await named.close();
    }
  });

  it('gives one answer for a wrong password and an unknown user', async () => {
    const wrong = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'nope' }, remoteAddress: '10.9.9.1' });
    const unknown = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope' }, remoteAddress: '10.9.9.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('refuses a sign-in that is not JSON or comes from another origin (login CSRF)', async () => {
    const form = await api.inject({
      method: 'POST', url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=admin&password=x',
    });
    expect(form.statusCode).toBe(415);
    const cross = await api.inject({
      method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' },
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(cross.statusCode).toBe(403);
  });

  it('rate-limits failed sign-ins per account and address, with Retry-After, even for the right password', async () => {
    const ip = '10.1.2.3';
    for (let i = 0; i < 3; i++) {
      const r = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'compliance_officer', password: 'guess' + i }, remoteAddress: ip });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'compliance_officer', password: PASSWORD }, remoteAddress: ip });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not blocked for this account.
    const other = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'compliance_officer', password: PASSWORD }, remoteAddress: '10.1.2.4' });
    expect(other.statusCode).toBe(200);
  });

  it('rate-limits an address that sprays many accounts', async () => {
    const ip = '10.7.7.7';
    const names = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    for (const n of names) {
      const r = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: n, password: 'x' }, remoteAddress: ip });
      expect(r.statusCode).toBe(401);
    }
    const r = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD }, remoteAddress: ip });
    expect(r.statusCode).toBe(429);
  });

  it('requires the session CSRF token on state-changing requests', async () => {
    const s = await api.login('supervisor');
    const none = await api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error).toBe('csrf');
    const wrong = await api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf + 'x' } });
    expect(wrong.statusCode).toBe(403);
    const other = await api.login('admin');
    const foreign = await api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf } });
    expect(foreign.statusCode).toBe(403);
    const ok = await api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(ok.statusCode).toBe(200);
    const after = await api.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('ends the sessions of a disabled user', async () => {
    const s = await api.login('qa_reviewer');
    await api.db.query(`UPDATE users SET disabled = true WHERE username = 'qa_reviewer'`);
    try {
      const res = await api.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(401);
    } finally {
      await api.db.query(`UPDATE users SET disabled = false WHERE username = 'qa_reviewer'`);
    }
  });

  it('keeps the audit log append-only in the database itself', async () => {
    await api.db.query(`INSERT INTO audit_events (actor, action, entity_type, entity_id) VALUES ('x', 'test', 'thing', '1')`);
    await expect(api.db.query(`UPDATE audit_events SET actor = 'y'`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it('slows guessing one account from many addresses, until an admin unlocks it', async () => {
    const { insertUser, findUserByUsername } = await import('../../../src/store/review-app/users.ts');
    const { hashPassword } = await import('../../../src/api/auth/password.ts');
    await insertUser(api.db, { username: 'target', role: 'qa_reviewer', passwordHash: await hashPassword(PASSWORD) });
    const attempt = (password: string, ip: string) =>
      api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'target', password }, remoteAddress: ip });
    for (let i = 0; i < 6; i++) expect((await attempt('guess ' + i, `10.50.0.${i}`)).statusCode).toBe(401);
    // Each address is far below its own limits; the account is not: the right password waits too.
    const slowed = await attempt(PASSWORD, '10.50.0.99');
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(50);
    // Colleagues on their own accounts are not affected.
    expect((await attempt(PASSWORD, '10.50.0.1')).statusCode).toBe(429);
    expect((await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: PASSWORD }, remoteAddress: '10.50.0.1' })).statusCode).toBe(200);
    const target = (await findUserByUsername(api.db, 'target'))!;
    expect((await api.request('supervisor', { method: 'POST', url: `/api/users/${target.id}/unlock` })).statusCode).toBe(403);
    const unlock = await api.request('admin', { method: 'POST', url: `/api/users/${target.id}/unlock` });
    expect(unlock.statusCode).toBe(200);
    expect((await attempt(PASSWORD, '10.50.0.99')).statusCode).toBe(200);
    const { rows } = await api.db.query(`SELECT 1 FROM audit_events WHERE action = 'user.unlock' AND entity_id = $1`, [String(target.id)]);
    expect(rows).toHaveLength(1);
  });

  it('refuses common and short passwords for new accounts and new passwords', async () => {
    for (const password of ['Password2026!', '1234567890', 'qwertyuiop', 'short']) {
      const res = await api.request('admin', { method: 'POST', url: '/api/users', payload: { username: 'newbie', password, role: 'qa_reviewer' } });
      expect(res.statusCode, password).toBe(400);
    }
    const ok = await api.request('admin', { method: 'POST', url: '/api/users', payload: { username: 'newbie', password: 'slow river under stone', role: 'qa_reviewer' } });
    expect(ok.statusCode).toBe(201);
    const change = await api.request('admin', { method: 'PATCH', url: `/api/users/${ok.json().user.id}`, payload: { password: 'woaini1314520' } });
    expect(change.statusCode).toBe(400);
  });

  it('refuses writes from another origin even with the right CSRF token, and sends Permissions-Policy', async () => {
    const s = await api.login('supervisor');
    const post = (headers: Record<string, string>) =>
      api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error).toBe('csrf');
    }
    const ok = await post({ origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(ok.statusCode).toBe(200);
    const me = await api.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.headers['permissions-policy']).toContain('microphone=()');
    expect(me.headers['strict-transport-security']).toBeUndefined();
  });
});
