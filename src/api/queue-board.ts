import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { HttpError } from './http-error.ts';
import type { SessionUser } from '../store/review-app/sessions.ts';
import { insertAuditEvent } from '../store/review-app/audit-events.ts';
import type { Queryable } from '../store/db.ts';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board (server mode): the pipeline's queues, their jobs and failures, for admins only. It
 * is a separate UI with its own API that sends no CSRF header, so its state-changing requests
 * (retry, clean) must come from this origin: the session cookie is SameSite=Strict and the
 * browser's Origin / Sec-Fetch-Site headers must say same-origin.
 */
export async function mountQueueBoard(
  app: FastifyInstance,
  queues: readonly Queue[],
  resolveSession: (req: FastifyRequest) => Promise<SessionUser | undefined>,
  db: Queryable,
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (req) => {
      const session = await resolveSession(req);
      if (!session) throw new HttpError(401, 'unauthenticated', 'sign in first');
      if (session.user.role !== 'admin') throw new HttpError(403, 'forbidden', 'the queue board is for admins');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const site = req.headers['sec-fetch-site'];
        const origin = req.headers.origin;
        const sameOrigin = site === 'same-origin' || (site === undefined && origin !== undefined && safeHost(origin) === req.host);
        if (!sameOrigin) throw new HttpError(403, 'csrf', 'queue board changes must come from this site');
        // Pausing, retrying or cleaning jobs changes what the pipeline does: on record, like the app's own changes.
        await insertAuditEvent(db, {
          actor: session.user.username, actorRole: session.user.role, action: 'queue_board.action', entityType: 'queue_board',
          entityId: req.url.slice(QUEUE_BOARD_PATH.length).split('?')[0]!.slice(0, 300) || '/', after: { method: req.method }, ip: req.ip,
        });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
