import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_API_OPTIONS } from '../../../src/api/api-deps.ts';
import { NO_DATABASE, openApiDocument } from '../../../src/api/openapi-document.ts';
import { defineRoute } from '../../../src/api/route-def.ts';
import { buildServer } from '../../../src/api/server.ts';
import { createLogger } from '../../../src/logger.ts';
import { API_TYPES_FILE, generatedApiTypes } from '../../../scripts/generate-api-types.ts';

describe('the web app\'s API types', () => {
  it(`${API_TYPES_FILE} is what the server's OpenAPI document gives (run \`npm run gen:api-types\`)`, async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generatedApiTypes());
  });

  it('the document declares the answers the web app reads', async () => {
    const doc = await openApiDocument() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { required?: string[] } }> }> }>> };
    const answer = (p: string) => doc.paths[p]?.get?.responses?.['200']?.content?.['application/json']?.schema;
    expect(answer('/api/cases/{id}')?.required).toEqual(['case', 'calls', 'events', 'contacts', 'complaints', 'draft']);
    expect(answer('/api/calls/{id}')?.required).toEqual(['call', 'transcript', 'findings', 'cases', 'masked']);
    expect(answer('/api/auth/me')?.required).toEqual(['user', 'csrfToken']);
  });
});

describe('response schemas', () => {
  const route = (answer: unknown) => defineRoute({
    method: 'GET', url: '/api/probe', roles: 'public', summary: 'probe', tags: ['test'],
    response: z.object({ count: z.number() }),
    handler: async () => answer,
  });
  const serve = (answer: unknown, checkResponses: boolean) =>
    buildServer({ db: NO_DATABASE, logger: createLogger('silent'), locateAudio: async () => undefined, options: { ...DEFAULT_API_OPTIONS, checkResponses } }, [route(answer)]);

  it('do not reshape an answer: fields they do not name go through', async () => {
    const app = await serve({ count: 2, extra: 'kept' }, false);
    const res = await app.inject({ method: 'GET', url: '/api/probe' });
    await app.close();
    expect(res.json()).toEqual({ count: 2, extra: 'kept' });
  });

  it('with checkResponses, an answer that does not match is a 500, not a wrong answer; without, it goes out as it is', async () => {
    const checked = await serve({ count: 'two' }, true);
    const res = await checked.inject({ method: 'GET', url: '/api/probe' });
    await checked.close();
    expect(res.statusCode).toBe(500);
    const unchecked = await serve({ count: 'two' }, false);
    const raw = await unchecked.inject({ method: 'GET', url: '/api/probe' });
    await unchecked.close();
    expect(raw.json()).toEqual({ count: 'two' });
  });
});
