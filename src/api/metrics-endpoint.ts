import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallguardMetrics } from '../pipeline/operations/metrics/pipeline-metrics.ts';

/**
 * GET /metrics on the review app's server, and the HTTP request durations it reports.
 *
 * Who may scrape: with a token configured (METRICS_TOKEN), a request with `Authorization: Bearer
 * <token>` from anywhere; without one, only a client on this machine (loopback) that did not come
 * through a proxy (no X-Forwarded-For). The review app usually sits behind a TLS proxy that users
 * reach, so binding to loopback alone would not keep /metrics from them: a proxy on the same host
 * makes every request look local. The metrics hold counts only, but queue depths and case counts
 * are still the agency's business; the token is the way for a Prometheus on another machine.
 */
export interface ServerMetrics {
  metrics: CallguardMetrics;
  /** Bearer token a scraper must present; undefined = loopback only. */
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(expected: string, header: string | undefined): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  if (token !== undefined) return tokenMatches(token, req.headers.authorization);
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
}

export function mountMetrics(app: FastifyInstance, m: ServerMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    // The route's pattern (/api/cases/:id), never the URL: ids and search terms stay out of labels.
    const route = req.routeOptions.url ?? 'unmatched';
    m.metrics.observeHttp(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, m.token)) {
      return reply.status(m.token === undefined ? 403 : 401).type('text/plain').send(
        m.token === undefined ? 'metrics are served to this machine only (set METRICS_TOKEN to scrape from elsewhere)\n' : 'a bearer token is required\n',
      );
    }
    const text = await m.metrics.registry.metrics();
    return reply.type(m.metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
