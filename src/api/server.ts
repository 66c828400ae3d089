import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import type { ApiDeps } from './api-deps.ts';
import { csrfMatches, SESSION_COOKIE, sessionToken, tokenHash } from './auth/session-cookie.ts';
import { HttpError } from './http-error.ts';
import { AudioInputError } from '../audio/audio-input-error.ts';
import { deleteExpiredSessions, findLiveSession, type SessionUser } from '../store/review-app/sessions.ts';
import { deleteLoginAttemptsBefore } from '../store/review-app/login-attempts.ts';
import { listBankGroupSettings } from '../store/review-app/borrower-lookup.ts';
import { mergeBankGroups, widenBankScope } from '../domain/bank-groups.ts';
import { normalisePhrase } from '../rules/normalise.ts';
import type { AnyRoute, RouteContext } from './route-def.ts';
import { ROUTES } from './route-table.ts';
import { mountMetrics } from './metrics-endpoint.ts';
import { mountQueueBoard, QUEUE_BOARD_PATH } from './queue-board.ts';
import { seesUnmaskedPii } from '../domain/role.ts';
import type { TrustProxy } from './trust-proxy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for signed-in requests. */
    session?: SessionUser;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Fastify's form of the setting: a hop count is the first N hops, counted from the socket. */
function fastifyTrustProxy(t: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (t === false) return false;
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return [...t];
}

/**
 * The review app's HTTP server: the API under /api (every route from the route table, guarded by
 * its roles), the OpenAPI document at /api/openapi.json, and the built SPA at /.
 */
export async function buildServer(deps: ApiDeps, routes: readonly AnyRoute[] = ROUTES): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Request lines would carry URLs with borrower ids; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: fastifyTrustProxy(deps.options.trustProxy),
    bodyLimit: 1024 * 1024,
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.options.maxUploadBytes, files: 2, fields: 20 } });
  // Limits are per route (route.rateLimit) and run after access control, so they count per user.
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (_req, context) =>
      new HttpError(429, 'rate_limited', `too many requests; try again in ${context.after}`, { 'retry-after': String(Math.ceil(context.ttl / 1000)) }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'callguard review API',
        version: '1',
        description: 'QA review of flagged calls, supervisor cases and complaints, the report to the bank. ' +
          'Every route requires a signed-in session (cookie cg_session; __Host-cg_session over HTTPS) except POST /api/auth/login; ' +
          'state-changing requests carry the X-CSRF-Token returned at sign-in and must come from this origin.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // The app needs no camera, microphone, location, payment or sensors: no page may ask for them.
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()');
    // Over HTTPS (directly or via the trusted proxy), browsers must not come back over plain HTTP.
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith(QUEUE_BOARD_PATH)) {
      // Bull Board's page boots with an inline script; it is admin-only and never shows transcripts.
      reply.header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
    } else if (!req.url.startsWith('/api/')) {
      // The SPA: scripts only from this origin, no inline script, no plugins, not framed.
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
          "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
    } else {
      reply.header('cache-control', 'no-store');
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      reply.headers(err.headers);
      return reply.status(err.statusCode).send({ error: err.code, message: err.message });
    }
    if (err instanceof AudioInputError) {
      // A stored file that is not playable audio (a text file uploaded as a recording, a corrupt one): the reason only, never the decoder's text.
      return reply.status(422).send({ error: 'unplayable', message: `the recording cannot be decoded (${err.reason})` });
    }
    if (err.validation) {
      return reply.status(400).send({ error: 'invalid_request', message: err.message });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: err.code ?? 'bad_request', message: err.message });
    }
    req.log.error({ err, route: req.routeOptions.url }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'internal error' });
  });

  const resolveSession = async (req: FastifyRequest): Promise<SessionUser | undefined> => {
    const token = sessionToken(req);
    if (!token) return undefined;
    const session = await findLiveSession(deps.db, tokenHash(token), deps.options.sessionIdleMs);
    if (!session || session.user.banks === null) return session;
    // A scope names each bank once, as the admin wrote it; calls and cases may carry its other names.
    const groups = mergeBankGroups(deps.options.bankGroups, await listBankGroupSettings(deps.db));
    return { ...session, user: { ...session.user, banks: widenBankScope(session.user.banks, groups, normalisePhrase) } };
  };

  if (deps.metrics) mountMetrics(app, deps.metrics);
  for (const route of routes) registerRoute(app, route, deps, resolveSession);

  app.get('/api/openapi.json', { schema: { hide: true } }, async (req, reply) => {
    // The document lists every route and who may call it: signed-in users only, like the rest of /api.
    if (!(await resolveSession(req))) return reply.status(401).send({ error: 'unauthenticated', message: 'sign in first' });
    return app.swagger();
  });

  // Expired sessions and old sign-in attempts are swept at start and hourly.
  const sweep = async () => {
    try {
      await deleteExpiredSessions(deps.db);
      await deleteLoginAttemptsBefore(deps.db, new Date(Date.now() - Math.max(deps.options.loginWindowMs, 24 * 3600_000)));
    } catch (err) {
      deps.logger.warn({ err }, 'could not sweep expired sessions');
    }
  };
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await sweep();
    sweeper = setInterval(() => void sweep(), 3600_000);
    sweeper.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));

  if (deps.boardQueues?.length) await mountQueueBoard(app, deps.boardQueues, resolveSession, deps.db);

  const webDist = deps.options.webDist;
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  }

  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/api') {
      // Anonymous callers learn nothing about which API paths exist.
      if (!(await resolveSession(req))) return reply.status(401).send({ error: 'unauthenticated', message: 'sign in first' });
      return reply.status(404).send({ error: 'not_found', message: 'no such API route' });
    }
    if (webDist && (req.method === 'GET' || req.method === 'HEAD') && existsSync(path.join(webDist, 'index.html'))) {
      // Client-side routes (/calls/…, /cases/…) all load the SPA.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.status(404).send({ error: 'not_found', message: 'not found' });
  });

  return app;
}

function registerRoute(
  app: FastifyInstance,
  route: AnyRoute,
  deps: ApiDeps,
  resolveSession: (req: FastifyRequest) => Promise<SessionUser | undefined>,
): void {
  const toJson = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  const schema: Record<string, unknown> = {
    summary: route.summary,
    tags: route.tags,
    description: route.roles === 'public' ? 'Public' : `Roles: ${route.roles.join(', ')}`,
    ...(route.roles === 'public' ? {} : { security: [{ session: [], ...(SAFE_METHODS.has(route.method) ? {} : { csrf: [] }) }] }),
  };
  if (route.body) schema.body = toJson(route.body);
  if (route.query) schema.querystring = toJson(route.query);
  if (route.params) schema.params = toJson(route.params);
  if (route.produces) schema.produces = [route.produces];
  const response = route.response;
  if (response) schema.response = { 200: z.toJSONSchema(response, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) };

  const zodFor: Record<string, z.ZodType | undefined> = { body: route.body, querystring: route.query, params: route.params };

  const limit = route.rateLimit ? deps.options.rateLimits[route.rateLimit] : undefined;
  app.route({
    method: route.method,
    url: route.url,
    schema,
    ...(limit
      ? {
          config: {
            rateLimit: {
              max: limit.max,
              timeWindow: limit.windowMs,
              keyGenerator: (req: FastifyRequest) => (req.session ? `user:${req.session.user.id}` : `ip:${req.ip}`),
              groupId: route.rateLimit,
            },
          },
        }
      : {}),
    // The JSON schemas above document the route; the zod schemas are what validate it.
    validatorCompiler: ({ httpPart }) => {
      const zs = httpPart ? zodFor[httpPart] : undefined;
      return (data: unknown) => {
        // PostgreSQL cannot store or compare text with a NUL byte: refuse it here, as a bad request.
        if (containsNul(data)) return { error: new Error(`${httpPart}: contains a NUL byte`) };
        if (!zs) return { value: data };
        const parsed = zs.safeParse(data);
        if (parsed.success) return { value: parsed.data };
        const first = parsed.error.issues[0];
        const where = first && first.path.length ? `${httpPart}.${first.path.join('.')}` : httpPart;
        return { error: new Error(`${where}: ${first?.message ?? 'invalid'}`) };
      };
    },
    // The response schema documents the answer; it does not reshape it (fastify's compiled
    // serializer would drop fields it does not name). In tests it is checked.
    serializerCompiler: () => (data: unknown) => {
      const json = JSON.stringify(data);
      if (response && deps.options.checkResponses) {
        const parsed = response.safeParse(JSON.parse(json));
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          throw new Error(`the answer of ${route.method} ${route.url} does not match its response schema: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
        }
      }
      return json;
    },
    // Access control runs first, before the body is parsed or validated: an anonymous or
    // unauthorised caller learns nothing about what a valid request would look like.
    onRequest: async (req) => {
      if (route.roles === 'public') {
        if (!SAFE_METHODS.has(route.method)) checkPublicWriteOrigin(req);
        return;
      }
      const session = await resolveSession(req);
      if (!session) throw new HttpError(401, 'unauthenticated', 'sign in first');
      req.session = session;
      if (!route.roles.includes(session.user.role)) {
        throw new HttpError(403, 'forbidden', `this action needs one of the roles: ${route.roles.join(', ')}`);
      }
      if (!SAFE_METHODS.has(route.method)) {
        if (!csrfMatches(session.csrfToken, req.headers['x-csrf-token'])) throw new HttpError(403, 'csrf', 'missing or wrong X-CSRF-Token header');
        // Besides the token: a browser says where a request comes from; another site's is refused.
        checkSameOrigin(req);
      }
    },
    handler: async (req, reply) => {
      const user = req.session?.user;
      const ctx: RouteContext = { deps, req, reply, user, unmasked: user ? seesUnmaskedPii(user.role) : false };
      const result = await route.handler({ body: req.body, query: req.query, params: req.params }, ctx as never);
      if (reply.sent) return reply;
      return result;
    },
  });
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/**
 * Sign-in has no session yet, so no CSRF token: a cross-site form could still post a victim into
 * the attacker's account. Only JSON is accepted (a cross-site form cannot send it without a CORS
 * preflight, which this server never grants), and an Origin header, when present, must be ours.
 */
function checkPublicWriteOrigin(req: FastifyRequest): void {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'send application/json');
  }
  checkSameOrigin(req);
}

/**
 * A write must not come from another site: the Origin header, when the browser sends one, must be
 * this server's host (an opaque "null" origin is refused), and Sec-Fetch-Site, when sent, must not
 * say cross-site or same-site (a sibling subdomain). Clients that send neither (scripts, curl)
 * still need the session's CSRF token.
 */
/** This server's host as an Origin header writes it (no default port). */
function ownHost(req: FastifyRequest): string | undefined {
    try {
    return new URL(`${req.protocol}://${req.host}`).host;
  } catch {
    return undefined;
  }
}

function checkSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = origin === 'null' ? undefined : new URL(origin).host;
    } catch {
      throw new HttpError(403, 'csrf', 'bad Origin header');
    }
    if (host === undefined || host !== ownHost(req)) throw new HttpError(403, 'csrf', 'cross-origin request refused');
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new HttpError(403, 'csrf', 'cross-origin request refused');
}
