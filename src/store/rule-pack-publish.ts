import type { Db, Queryable } from './db.ts';
import { RulePacksRepository, type NewRulePack, type StoredRulePack } from './repositories/rule-packs-repository.ts';
import { insertAuditEvent } from './review-app/audit-events.ts';

/**
 * Who made a version active and why: recorded in rule_pack_activations and in the audit log with
 * each publish and rollback, in the transaction that makes the change.
 */
export interface Activation {
  action: 'publish' | 'rollback';
  actor: string;
  message: string;
  /** The review app's user role and address; none from the CLI. */
  actorRole?: string | null;
  ip?: string | null;
  /** What the audit event says changed beyond the versions (a publish's per-rule summary). */
  detail?: Record<string, unknown>;
}

async function recordActivation(tx: Queryable, stored: StoredRulePack, previousHash: string | null, a: Activation): Promise<void> {
  const packs = new RulePacksRepository(tx);
  await packs.insertActivation({ language: stored.language, contentHash: stored.contentHash, action: a.action, actor: a.actor, message: a.message });
  await insertAuditEvent(tx, {
    actor: a.actor, actorRole: a.actorRole ?? null, ip: a.ip ?? null,
    action: `rule_pack.${a.action}`, entityType: 'rule_pack', entityId: stored.contentHash,
    before: { language: stored.language, activeHash: previousHash },
    after: { language: stored.language, activeHash: stored.contentHash, version: stored.id, message: a.message, ...a.detail },
  });
  // Delivered when the transaction commits: workers never reload a version that was rolled back.
  await packs.notifyChanged(stored.language);
}

/**
 * Stores the pack (once per content hash) and makes it the language's only active pack, in one
 * transaction so no scan ever sees a language with no active pack or with two. Publishing an
 * already stored pack re-activates it (a rollback to an earlier version). With an activation, the
 * change is recorded in the history and listening workers are notified when it commits.
 */
export async function publishRulePack(db: Db, pack: NewRulePack, activation?: Activation): Promise<StoredRulePack> {
  return db.transaction(async (tx) => {
    const packs = new RulePacksRepository(tx);
    let stored = (await packs.insertIfNew(pack)) ?? (await packs.getByHash(pack.contentHash));
    if (!stored) throw new Error(`rule pack ${pack.contentHash} vanished while publishing`);
    if (stored.language !== pack.language) {
      throw new Error(`rule pack ${pack.contentHash} is already stored for ${stored.language}, not ${pack.language}`);
    }
    if (stored.diff === null && pack.diff !== undefined) {
      stored = (await packs.claimUnpublished(stored.id, { publishedBy: pack.publishedBy, note: pack.note ?? null, previousHash: pack.previousHash ?? null, diff: pack.diff })) ?? stored;
    }
    const previous = await packs.getActive(stored.language);
    await packs.deactivateLanguage(stored.language);
    await packs.activate(stored.id);
    if (activation) await recordActivation(tx, stored, previous?.contentHash ?? null, activation);
    return { ...stored, active: true };
  });
}

/** Makes a stored version the language's active pack again (a rollback), recorded and notified. */
export async function activateStoredRulePack(db: Db, contentHash: string, activation: Activation): Promise<StoredRulePack> {
  return db.transaction(async (tx) => {
    const packs = new RulePacksRepository(tx);
    const stored = await packs.getByHash(contentHash);
    if (!stored) throw new Error(`no stored rule pack ${contentHash}`);
    const previous = await packs.getActive(stored.language);
    await packs.deactivateLanguage(stored.language);
    await packs.activate(stored.id);
    await recordActivation(tx, stored, previous?.contentHash ?? null, activation);
    return { ...stored, active: true };
  });
}
