import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The session cookie: a random 256-bit token, HttpOnly (scripts cannot read it), SameSite=Strict
 * (other sites cannot make the browser send it), Secure whenever the request came over TLS (directly
 * or, with trustProxy, according to the proxy's X-Forwarded-Proto). Only its SHA-256 is stored.
 */
export const SESSION_COOKIE = 'cg_session';
/**
 * Over HTTPS the cookie is named with the `__Host-` prefix: browsers then accept it only with
 * Secure, Path=/ and no Domain, so a neighbouring subdomain cannot plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = '__Host-cg_session';

export function sessionCookieName(req: FastifyRequest): string {
  return req.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The session token the request carries under the name its protocol uses. */
export function sessionToken(req: FastifyRequest): string | undefined {
  return req.cookies[sessionCookieName(req)];
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.setCookie(sessionCookieName(req), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(req), { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
