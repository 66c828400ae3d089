import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_API_OPTIONS, type ApiDeps, type ApiOptions } from '../../../src/api/api-deps.ts';
import { hashPassword } from '../../../src/api/auth/password.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';
import { ROLES, type Role } from '../../../src/domain/role.ts';
import { buildServer } from '../../../src/api/server.ts';
import { createLogger } from '../../../src/logger.ts';
import { useTestDatabase } from '../../helpers/db.ts';

/**
 * A review-API server on a fresh PostgreSQL database per test file, with one account per role
 * (username = role, password PASSWORD), driven through Fastify's inject (real routing, hooks,
 * cookies and validation; no socket).
 */
export const PASSWORD = 'correct horse battery';

export interface Session {
  cookie: string;
  csrf: string;
}

export function useApi(options: { api?: Partial<ApiOptions>; deps?: Partial<ApiDeps> } = {}) {
  const t = useTestDatabase();
  let app: FastifyInstance | undefined;
  const sessions = new Map<Role, Session>();

  beforeAll(async () => {
    const hash = await hashPassword(PASSWORD);
    for (const role of ROLES) await insertUser(t.db, { username: role, role, passwordHash: hash, displayName: role });
    app = await buildServer({
      db: t.db,
      logger: createLogger('silent'),
      locateAudio: async () => undefined,
      // Every answer is checked against its route's response schema (the web app's generated types).
      options: { ...DEFAULT_API_OPTIONS, checkResponses: true, ...options.api },
      ...options.deps,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const kit = {
    get db() {
      return t.db;
    },
    get app(): FastifyInstance {
      if (!app) throw new Error('server exists only inside tests');
      return app;
    },
    inject(opts: InjectOptions) {
      return kit.app.inject(opts);
    },
    async login(username: string, password = PASSWORD, ip = '127.0.0.1'): Promise<Session> {
      const res = await kit.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        remoteAddress: ip,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'cg_session');
      return { cookie: `cg_session=${cookie!.value}`, csrf: res.json().csrfToken as string };
    },
    /** A cached session per role. */
    async as(role: Role): Promise<Session> {
      let s = sessions.get(role);
      if (!s) {
        s = await kit.login(role);
        sessions.set(role, s);
      }
      return s;
    },
    /** A request as `role`, with its cookie and (for writes) its CSRF token. */
    async request(role: Role, opts: InjectOptions) {
      const s = await kit.as(role);
      return kit.app.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
    },
  };
  return kit;
}
