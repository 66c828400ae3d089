import { z } from 'zod';
import { repositories } from '../../store/index.ts';
import { audit } from '../audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { badRequest } from '../http-error.ts';
import { deleteFailuresOfUsername } from '../../store/review-app/login-attempts.ts';
import { conflict, notFound } from '../http-error.ts';
import { listAuditEvents } from '../../store/review-app/audit-events.ts';
import { deleteSessionsOfUser } from '../../store/review-app/sessions.ts';
import { findUserById, findUserByUsername, insertUser, listUsers, updateUser, type UserRow } from '../../store/review-app/users.ts';
import { presentAuditEvent } from '../present-audit.ts';
import { defineRoute } from '../route-def.ts';
import { RoleSchema } from '../../domain/role.ts';
import { publicUser } from './auth-routes.ts';

const ADMINS = ['admin'] as const;
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const Username = z.string().regex(/^[A-Za-z0-9._@-]{2,64}$/, 'letters, digits and . _ @ - (2 to 64)');
const Password = z.string().min(MIN_PASSWORD_LENGTH).max(512);
const Banks = z.array(z.string().min(1).max(200)).max(100).nullable();

/** What an audit event says about a user: never the password hash. */
const auditView = (u: UserRow) => ({ username: u.username, role: u.role, banks: u.banks, disabled: u.disabled, displayName: u.displayName });

export const adminRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    roles: ADMINS,
    summary: 'Every account',
    tags: ['admin'],
    async handler(_input, { deps }) {
      return { users: (await listUsers(deps.db)).map((u) => ({ ...publicUser(u), disabled: u.disabled, createdAt: u.createdAt })) };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/users',
    roles: ADMINS,
    summary: 'Create an account',
    tags: ['admin'],
    body: z.strictObject({
      username: Username, password: Password, role: RoleSchema,
      displayName: z.string().max(200).optional(), banks: Banks.optional(),
    }),
    async handler({ body }, ctx) {
      const problem = passwordProblem(body.password, body.username);
      if (problem) throw badRequest(problem);
      const passwordHash = await hashPassword(body.password);
      const user = await ctx.deps.db.transaction(async (tx) => {
        if (await findUserByUsername(tx, body.username)) throw conflict(`user ${body.username} exists`);
        const u = await insertUser(tx, { username: body.username, role: body.role, passwordHash, displayName: body.displayName ?? '', banks: body.banks ?? null });
        await audit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: String(u.id), after: auditView(u) });
        return u;
      });
      ctx.reply.status(201);
      return { user: publicUser(user) };
    },
  }),

  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    roles: ADMINS,
    summary: 'Change an account: role, banks, disabled, display name, password (signs the user out everywhere)',
    tags: ['admin'],
    params: IdParams,
    body: z.strictObject({
      role: RoleSchema.optional(), banks: Banks.optional(), disabled: z.boolean().optional(),
      displayName: z.string().max(200).optional(), password: Password.optional(),
    }),
    async handler({ params, body }, ctx) {
      if (body.password) {
        const named = await findUserById(ctx.deps.db, params.id);
        const problem = passwordProblem(body.password, named?.username);
        if (problem) throw badRequest(problem);
      }
      const passwordHash = body.password ? await hashPassword(body.password) : undefined;
      const after = await ctx.deps.db.transaction(async (tx) => {
        const before = await findUserById(tx, params.id);
        if (!before) throw notFound('user');
        if (before.id === ctx.user.id && (body.disabled === true || (body.role && body.role !== 'admin'))) {
          throw conflict('an admin cannot disable or demote themselves');
        }
        const { password: _p, ...change } = body;
        const updated = (await updateUser(tx, params.id, { ...change, ...(passwordHash ? { passwordHash } : {}) }))!;
        if (body.role || body.disabled || body.password || body.banks !== undefined) await deleteSessionsOfUser(tx, params.id);
        await audit(tx, ctx, {
          action: 'user.update', entityType: 'user', entityId: String(params.id),
          before: auditView(before), after: { ...auditView(updated), passwordChanged: Boolean(body.password) },
        });
        return updated;
      });
      return { user: { ...publicUser(after), disabled: after.disabled } };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/users/:id/unlock',
    roles: ADMINS,
    summary: 'Lift the sign-in delay of an account after failed sign-ins (the failures stay in the audit log)',
    tags: ['admin'],
    params: IdParams,
    async handler({ params }, ctx) {
      const cleared = await ctx.deps.db.transaction(async (tx) => {
        const user = await findUserById(tx, params.id);
        if (!user) throw notFound('user');
        const n = await deleteFailuresOfUsername(tx, user.username);
        await audit(tx, ctx, { action: 'user.unlock', entityType: 'user', entityId: String(user.id), after: { clearedFailures: n } });
        return n;
      });
      return { ok: true, clearedFailures: cleared };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/audit',
    roles: ['admin', 'compliance_officer'],
    summary: 'The audit log, newest first, within the reader\'s banks, personal numbers masked (read-only: there is no route that edits it)',
    tags: ['admin'],
    query: z.strictObject({
      entityType: z.string().min(1).optional(), entityId: z.string().min(1).optional(), actor: z.string().min(1).optional(),
      beforeId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    async handler({ query }, { deps, user, unmasked }) {
      const events = await listAuditEvents(deps.db, { ...query, banks: user.banks });
      return { events: events.map((e) => presentAuditEvent(e, unmasked)) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/rules/precision',
    roles: ['compliance_officer', 'admin'],
    summary: 'Per rule version: confirmed, dismissed, unreviewed and precision from reviewer verdicts',
    tags: ['rules'],
    async handler(_input, { deps }) {
      const stats = await repositories(deps.db).findings.verdictStats();
      return {
        rules: stats.map((s) => ({
          ...s,
          precision: s.confirmed + s.dismissed > 0 ? s.confirmed / (s.confirmed + s.dismissed) : null,
        })),
      };
    },
  }),
];
