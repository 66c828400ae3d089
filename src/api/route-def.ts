import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiDeps, RateLimitedAction } from './api-deps.ts';
import type { Role } from '../domain/role.ts';
import type { UserRow } from '../store/review-app/users.ts';

/**
 * One API route: its method and path, the roles allowed to call it, zod schemas for its inputs
 * (they validate the request and become the OpenAPI document), and a handler. Every route of
 * the app is declared this way in route-table.ts, so who may do what is readable in one place
 * and testable by walking the table.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  deps: ApiDeps;
  req: FastifyRequest;
  reply: FastifyReply;
  /** The signed-in user; public routes see undefined. */
  user: UserRow | undefined;
  /** Whether this user sees personal numbers unmasked. */
  unmasked: boolean;
}

/** A route whose `roles` is a list gets a signed-in user. */
export interface AuthedRouteContext extends RouteContext {
  user: UserRow;
}

export interface RouteDef<B, Q, P, R extends readonly Role[] | 'public'> {
  method: HttpMethod;
  url: string;
  roles: R;
  summary: string;
  tags: string[];
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Multipart uploads parse their own body. */
  multipart?: boolean;
  /** A request-rate limit (ApiOptions.rateLimits) per user, on top of the route's other checks. */
  rateLimit?: RateLimitedAction;
  /** Non-JSON responses (audio, PDF) for the OpenAPI document. */
  produces?: string;
  /**
   * The JSON of a 200 answer (response-schemas.ts): documented in the OpenAPI document, and so in
   * the web app's generated types; checked against every answer when `checkResponses` is on.
   */
  response?: z.ZodType;
  handler: (
    input: { body: B; query: Q; params: P },
    ctx: R extends 'public' ? RouteContext : AuthedRouteContext,
  ) => Promise<unknown>;
}

// The table erases the generic parameters; each route checked its own types where it was written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, readonly Role[] | 'public'>;

export function defineRoute<B = undefined, Q = undefined, P = undefined, R extends readonly Role[] | 'public' = readonly Role[]>(
  def: RouteDef<B, Q, P, R>,
): AnyRoute {
  return def as unknown as AnyRoute;
}

export const EVERYONE = ['qa_reviewer', 'supervisor', 'compliance_officer', 'admin'] as const satisfies readonly Role[];
