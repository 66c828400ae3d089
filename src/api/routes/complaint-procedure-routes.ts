import { z } from 'zod';
import {
  addContactRecord, chooseCaseCalls, COMPLAINT_CHANNELS, CONTACT_CHANNELS, CONTACT_PARTIES, extendRegulatorDeadline, recordComplaint,
} from '../../cases/index.ts';
import { IntakeQueryError, matchBorrowers, type IntakeMatch } from '../../cases/complaint-intake.ts';
import { bankNamesOf, findBankGroup, mergeBankGroups, type BankGroup } from '../../domain/bank-groups.ts';
import { maskedPhone } from '../../domain/phone-number.ts';
import { normalisePhrase } from '../../rules/normalise.ts';
import { listBankGroupSettings, saveBankGroupSetting } from '../../store/review-app/borrower-lookup.ts';
import { getConflictLinks, setConflictLinks } from '../../store/review-app/case-conflicts.ts';
import type { Queryable } from '../../store/index.ts';
import { apiClock } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { canSeeBank } from '../call-access.ts';
import { BankGroupsSchema, ComplaintCreatedSchema, ContactRecordSchema, IntakeMatchSchema } from '../case-procedure-schemas.ts';
import { HttpError } from '../http-error.ts';
import { maskPhone } from '../present.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { transactionAsDb } from '../transaction-db.ts';
import { caseError, inCaseTransaction, presentContact } from './case-routes.ts';

/**
 * The complaint procedure's routes beside the case routes: intake that finds the borrower (by phone,
 * name + bank or borrower id) from the bank groups, contact records, the calls chosen, and the
 * regulator deadline's extension. Steps of the procedure go through POST /api/cases/:id/transition.
 */

const SUPERVISORS = ['supervisor'] as const;
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

/** The packs' bank_names and the settings list, as one list of groups. */
async function bankGroups(q: Queryable, ctx: Pick<AuthedRouteContext, 'deps'>): Promise<BankGroup[]> {
  return mergeBankGroups(ctx.deps.options.bankGroups, await listBankGroupSettings(q));
}

const sameBank = (a: string, b: string) => normalisePhrase(a) === normalisePhrase(b);

async function groupOf(q: Queryable, ctx: AuthedRouteContext, bank: string): Promise<BankGroup> {
  const group = findBankGroup(await bankGroups(q, ctx), bank, normalisePhrase);
  if (!group) throw new HttpError(400, 'unknown_bank', 'choose the bank from the list of banks (an admin adds missing ones)');
  if (!bankNamesOf(group).some((n) => canSeeBank(ctx.user, n))) throw new HttpError(403, 'forbidden', 'outside your banks');
  return group;
}

const Lookup = {
  bank: z.string().min(1).max(200),
  phone: z.string().max(40).optional(),
  name: z.string().max(100).optional(),
  borrowerId: z.string().max(200).optional(),
};

const ComplaintBody = z.strictObject({
  ...Lookup,
  /** The borrower chosen among the matches (the form shows them first); must be one of them. */
  selected: z.strictObject({ bank: z.string().min(1).max(200), borrowerId: z.string().min(1).max(200) }).optional(),
  /** With no borrower chosen: the person saving confirms the complaint opens a case for a borrower id no call carries. */
  confirmNoMatch: z.boolean().optional(),
  channel: z.enum(COMPLAINT_CHANNELS),
  receivedAt: z.iso.datetime({ offset: true }),
  content: z.string().trim().min(1).max(20_000),
  borrowerRequest: z.string().max(4000).optional(),
});

function presentMatch(match: IntakeMatch, unmasked: boolean) {
  return match.borrowers.map((b) => ({
    ...b,
    calls: b.calls.map((c) => ({ ...c, phone: c.phone === null ? null : unmasked ? c.phone : maskPhone(c.phone) })),
  }));
}

async function runMatch(q: Queryable, group: BankGroup, body: { phone?: string | undefined; name?: string | undefined; borrowerId?: string | undefined }): Promise<IntakeMatch> {
  try {
    return await matchBorrowers(q, { group, phone: body.phone, name: body.name, borrowerId: body.borrowerId });
  } catch (err) {
    if (err instanceof IntakeQueryError) throw new HttpError(400, 'bad_lookup', err.message);
    throw err;
  }
}

export const complaintProcedureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/banks',
    roles: ['supervisor', 'admin'],
    summary: 'The banks a complaint can name: the rule packs\' bank_names and the settings list, each with its other names',
    tags: ['cases'],
    response: BankGroupsSchema,
    async handler(_req, ctx) {
      const groups = await bankGroups(ctx.deps.db, ctx);
      return { banks: groups.filter((g) => ctx.user.role === 'admin' || bankNamesOf(g).some((n) => canSeeBank(ctx.user, n))) };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/banks',
    roles: ['admin'],
    summary: 'Add a bank (or change its other names) on the settings list',
    tags: ['cases'],
    response: z.object({ ok: z.boolean() }),
    body: z.strictObject({ name: z.string().trim().min(1).max(200), aliases: z.array(z.string().trim().min(1).max(200)).max(20) }),
    async handler({ body }, ctx) {
      await ctx.deps.db.transaction(async (tx) => {
        await saveBankGroupSetting(tx, body, ctx.user.username);
        await audit(tx, ctx, { action: 'bank_group.save', entityType: 'bank_group', entityId: body.name, after: body });
      });
      return { ok: true };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/users/:username/conflict-links',
    roles: ['admin'],
    summary: 'Record the collector id a user calls under and the teams they lead: 回避 keeps them off cases about those calls',
    tags: ['cases'],
    response: z.object({ agentId: z.string().nullable(), leadsTeams: z.array(z.string()) }),
    params: z.strictObject({ username: z.string().min(1).max(64) }),
    body: z.strictObject({ agentId: z.string().trim().min(1).max(100).nullable(), leadsTeams: z.array(z.string().trim().min(1).max(100)).max(50) }),
    async handler({ params, body }, ctx) {
      await ctx.deps.db.transaction(async (tx) => {
        const before = await getConflictLinks(tx, params.username);
        if (!before || !(await setConflictLinks(tx, params.username, body))) throw new HttpError(404, 'not_found', 'user not found');
        await audit(tx, ctx, { action: 'user.conflict_links', entityType: 'user', entityId: params.username, before, after: body });
      });
      return body;
    },
  }),

  defineRoute({
    // A POST: the phone number and name are personal data and stay out of URLs and access logs.
    method: 'POST',
    url: '/api/complaints/match',
    roles: SUPERVISORS,
    summary: 'Find the borrower a complaint is about, by phone number, name or borrower id within a bank group, with their calls and open case',
    tags: ['cases'],
    response: IntakeMatchSchema,
    body: z.strictObject(Lookup),
    async handler({ body }, ctx) {
      const group = await groupOf(ctx.deps.db, ctx, body.bank);
      const match = await runMatch(ctx.deps.db, group, body);
      return { bank: group.name, borrowers: presentMatch(match, ctx.unmasked).filter((b) => canSeeBank(ctx.user, b.bank)) };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/complaints',
    roles: SUPERVISORS,
    summary: "Record a complaint for a matched borrower (or, confirmed, for a borrower id no call carries): opens or joins their case, a risk case becoming a complaint case, and pulls in their calls",
    tags: ['cases'],
    response: ComplaintCreatedSchema,
    body: ComplaintBody,
    async handler({ body }, ctx) {
      const receivedAt = new Date(body.receivedAt);
      const now = apiClock(ctx.deps).now();
      if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw new HttpError(400, 'bad_request', 'receivedAt is in the future');
      const result = await ctx.deps.db.transaction(async (tx) => {
        const db = transactionAsDb(tx, ctx.deps.db);
        const group = await groupOf(tx, ctx, body.bank);
        let key: { bank: string; borrowerId: string };
        if (body.selected) {
          // The borrower must be one the same lookup finds: a typed or stale choice is refused.
          const match = await runMatch(tx, group, body);
          const chosen = match.borrowers.find((b) => sameBank(b.bank, body.selected!.bank) && b.borrowerId === body.selected!.borrowerId);
          if (!chosen) throw new HttpError(400, 'borrower_not_matched', 'the chosen borrower is not among those the phone number, name or borrower id find');
          key = { bank: chosen.bank, borrowerId: chosen.borrowerId };
        } else {
          const borrowerId = body.borrowerId?.trim();
          if (!borrowerId) throw new HttpError(400, 'missing_borrower', 'choose the matched borrower, or give the bank\'s borrower id and confirm there is no match');
          if (body.confirmNoMatch !== true) {
            throw new HttpError(409, 'no_match_unconfirmed', 'no borrower was chosen: confirm that this complaint opens a case for a borrower id no call carries');
          }
          key = { bank: group.name, borrowerId };
        }
        if (!canSeeBank(ctx.user, key.bank)) throw new HttpError(403, 'forbidden', 'outside your banks');
        const r = await recordComplaint(db, {
          bank: key.bank, borrowerId: key.borrowerId, channel: body.channel, receivedAt, content: body.content,
          borrowerRequest: body.borrowerRequest ?? null, createdBy: ctx.user.username,
          phone: body.phone?.trim() || null, phoneMasked: body.phone ? maskedPhone(body.phone) : null,
        }, ctx.deps.options.deadlines.default.first_response_hours, now);
        await audit(db, ctx, {
          action: 'complaint.create', entityType: 'complaint', entityId: String(r.complaint.id),
          after: {
            caseId: r.case.id, openedCase: r.opened, convertedRiskCase: r.converted, channel: body.channel, addedCalls: r.addedCallIds.length,
            matched: body.selected ? 'chosen' : 'confirmed_no_match',
          },
        });
        return r;
      }).catch(caseError);
      ctx.reply.status(201);
      return { complaintId: result.complaint.id, caseId: result.case.id, opened: result.opened, converted: result.converted, addedCallIds: result.addedCallIds };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/contacts',
    roles: SUPERVISORS,
    summary: 'Record a contact about the case (an explanation to the borrower, an update to the bank); the first with the borrower is the first response',
    tags: ['cases'],
    response: z.object({ contact: ContactRecordSchema }),
    params: IdParams,
    body: z.strictObject({
      at: z.iso.datetime({ offset: true }),
      by: z.string().trim().min(1).max(200),
      party: z.enum(CONTACT_PARTIES),
      channel: z.enum(CONTACT_CHANNELS),
      summary: z.string().trim().min(1).max(8000),
      callId: z.string().min(1).max(200).nullable().optional(),
    }),
    async handler({ params, body }, ctx) {
      const result = await inCaseTransaction(ctx, params.id, async (db) => {
        const r = await addContactRecord(db, params.id, { username: ctx.user.username, role: ctx.user.role }, { ...body, at: new Date(body.at), callId: body.callId ?? null }, apiClock(ctx.deps).now());
        await audit(db, ctx, { action: 'case.contact', entityType: 'case', entityId: String(params.id), after: { contactId: r.contact.id, party: body.party, channel: body.channel } });
        return r;
      });
      ctx.reply.status(201);
      return { contact: presentContact(result.contact, ctx.unmasked) };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/cases/:id/chosen-calls',
    roles: SUPERVISORS,
    summary: 'Choose which of the case\'s calls the investigation rests on',
    tags: ['cases'],
    response: z.object({ callIds: z.array(z.string()) }),
    params: IdParams,
    body: z.strictObject({ callIds: z.array(z.string().min(1).max(200)).max(500) }),
    async handler({ params, body }, ctx) {
      const callIds = await inCaseTransaction(ctx, params.id, async (db) => {
        const chosen = await chooseCaseCalls(db, params.id, { username: ctx.user.username, role: ctx.user.role }, body.callIds, apiClock(ctx.deps).now());
        await audit(db, ctx, { action: 'case.calls_chosen', entityType: 'case', entityId: String(params.id), after: { callIds: chosen } });
        return chosen;
      });
      return { callIds };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/regulator-extension',
    roles: SUPERVISORS,
    summary: "Record the bank's extension of its regulator deadline (days in all, with the reason)",
    tags: ['cases'],
    response: z.object({ regulatorExtensionDays: z.number().int() }),
    params: IdParams,
    body: z.strictObject({ days: z.number().int().min(1).max(60), reason: z.string().trim().min(1).max(4000) }),
    async handler({ params, body }, ctx) {
      const updated = await inCaseTransaction(ctx, params.id, async (db) => {
        const c = await extendRegulatorDeadline(db, params.id, { username: ctx.user.username, role: ctx.user.role }, body.days, body.reason, apiClock(ctx.deps).now());
        await audit(db, ctx, { action: 'case.regulator_extension', entityType: 'case', entityId: String(params.id), after: { days: body.days } });
        return c;
      });
      return { regulatorExtensionDays: updated.regulatorExtensionDays };
    },
  }),
];
