import type { Db } from '../store/db.ts';
import { createLogger } from '../logger.ts';
import { DEFAULT_API_OPTIONS } from './api-deps.ts';
import { buildServer } from './server.ts';

/** A database for a server that is built but never serves: any use of it is a mistake. */
export const NO_DATABASE: Db = {
  mode: 'server',
  connectionString: '',
  get pool(): never {
    throw new Error('the OpenAPI document is built without a database');
  },
  query: async () => {
    throw new Error('the OpenAPI document is built without a database');
  },
  transaction: async () => {
    throw new Error('the OpenAPI document is built without a database');
  },
  close: async () => {},
};

/**
 * The OpenAPI document the server serves at /api/openapi.json, built from the route table without
 * a database or a socket: what the web app's types are generated from.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildServer({
    db: NO_DATABASE,
    logger: createLogger('silent'),
    locateAudio: async () => undefined,
    options: DEFAULT_API_OPTIONS,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
