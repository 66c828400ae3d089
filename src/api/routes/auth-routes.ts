import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { dummyPasswordHash, verifyPassword } from '../auth/password.ts';
import { decideLogin } from '../auth/login-throttle.ts';
import { clearSessionCookie, newToken, sessionToken, setSessionCookie, tokenHash } from '../auth/session-cookie.ts';
import { audit } from '../audit.ts';
import { HttpError } from '../http-error.ts';
import { countRecentFailures, recordLoginAttempt } from '../../store/review-app/login-attempts.ts';
import { deleteSession, insertSession } from '../../store/review-app/sessions.ts';
import { findUserByUsername, type UserRow } from '../../store/review-app/users.ts';
import { insertAuditEvent } from '../../store/review-app/audit-events.ts';
import { defineRoute, EVERYONE } from '../route-def.ts';
import { seesUnmaskedPii } from '../../domain/role.ts';
import { SignedInSchema } from '../response-schemas.ts';

export function publicUser(u: UserRow) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, banks: u.banks, seesUnmaskedPii: seesUnmaskedPii(u.role) };
}

const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(512),
});

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    roles: 'public',
    summary: 'Sign in; sets the session cookie and returns the CSRF token',
    tags: ['auth'],
    response: SignedInSchema,
    rateLimit: 'login',
    body: LoginBody,
    async handler({ body }, { deps, req, reply }) {
      const { db, options } = deps;
      const username = body.username.trim();
      const failures = await countRecentFailures(db, username, req.ip, options.loginWindowMs);
      const decision = decideLogin(
        failures,
        {
          windowMs: options.loginWindowMs, maxPerAccountIp: options.maxFailuresPerAccountIp, maxPerIp: options.maxFailuresPerIp,
          freePerAccount: options.freeFailuresPerAccount, accountDelayBaseMs: options.accountDelayBaseMs,
        },
        new Date(),
      );
      // Sign-ins are audited whatever their outcome: the attempts table is purged after a day, the audit log is kept.
      const auditSignIn = (outcome: string, userId: number | null) =>
        insertAuditEvent(db, {
          actor: username || '(empty)', actorRole: user?.role ?? null, action: outcome === 'ok' ? 'session.sign_in' : 'session.sign_in_failed',
          entityType: 'user', entityId: userId === null ? '-' : String(userId), after: { outcome }, ip: req.ip,
        });
      let user: Awaited<ReturnType<typeof findUserByUsername>>;
      if (!decision.allowed) {
        user = undefined;
        await auditSignIn('throttled', null);
        throw new HttpError(429, 'too_many_attempts', 'too many failed sign-ins; try again later', {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
      user = await findUserByUsername(db, username);
      const ok = user ? await verifyPassword(user.passwordHash, body.password) : await verifyPassword(await dummyPasswordHash(), body.password).then(() => false);
      if (!user || !ok || user.disabled) {
        await recordLoginAttempt(db, { username, ip: req.ip, success: false });
        await auditSignIn(!user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled', user?.id ?? null);
        // One answer for unknown user, wrong password and disabled account: no enumeration.
        throw new HttpError(401, 'bad_credentials', 'wrong username or password');
      }
      await recordLoginAttempt(db, { username, ip: req.ip, success: true });
      await auditSignIn('ok', user.id);
      const token = newToken();
      const csrfToken = randomBytes(24).toString('base64url');
      await insertSession(db, {
        tokenSha256: tokenHash(token),
        userId: user.id,
        csrfToken,
        expiresAt: new Date(Date.now() + options.sessionTtlMs),
        ip: req.ip,
      });
      setSessionCookie(req, reply, token, options.sessionTtlMs);
      const { passwordHash: _hash, ...row } = user;
      return { user: publicUser(row), csrfToken };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    roles: EVERYONE,
    summary: 'Sign out: ends this session',
    tags: ['auth'],
    async handler(_input, ctx) {
      const { deps, req, reply } = ctx;
      const token = sessionToken(req);
      if (token) await deleteSession(deps.db, tokenHash(token));
      await audit(deps.db, ctx, { action: 'session.sign_out', entityType: 'user', entityId: String(ctx.user.id) });
      clearSessionCookie(req, reply);
      return { ok: true };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    roles: EVERYONE,
    summary: 'The signed-in user and the CSRF token to send with state-changing requests',
    tags: ['auth'],
    response: SignedInSchema,
    async handler(_input, { user, req }) {
      return { user: publicUser(user), csrfToken: req.session!.csrfToken };
    },
  }),
];
