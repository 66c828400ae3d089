import type { Db } from './db.ts';
import { RulePacksRepository, type NewRulePack, type StoredRulePack } from './repositories/rule-packs-repository.ts';

/** Who made a version active and why: recorded in rule_pack_activations with each publish and rollback. */
export interface Activation {
  action: 'publish' | 'rollback';
  actor: string;
  message: string;
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
    const stored = (await packs.insertIfNew(pack)) ?? (await packs.getByHash(pack.contentHash));
    if (!stored) throw new Error(`rule pack ${pack.contentHash} vanished while publishing`);
    if (stored.language !== pack.language) {
      throw new Error(`rule pack ${pack.contentHash} is already stored for ${stored.language}, not ${pack.language}`);
    }
    if (stored.diff === null && pack.diff !== undefined) await packs.describeIfUndescribed(stored.id, pack.previousHash ?? null, pack.diff);
    await packs.deactivateLanguage(stored.language);
    await packs.activate(stored.id);
    if (activation) {
      await packs.insertActivation({ language: stored.language, contentHash: stored.contentHash, ...activation });
      await packs.notifyChanged(stored.language);
    }
    return { ...stored, active: true };
  });
}

/** Makes a stored version the language's active pack again (a rollback), recorded and notified. */
export async function activateStoredRulePack(db: Db, contentHash: string, activation: Activation): Promise<StoredRulePack> {
  return db.transaction(async (tx) => {
    const packs = new RulePacksRepository(tx);
    const stored = await packs.getByHash(contentHash);
    if (!stored) throw new Error(`no stored rule pack ${contentHash}`);
    await packs.deactivateLanguage(stored.language);
    await packs.activate(stored.id);
    await packs.insertActivation({ language: stored.language, contentHash: stored.contentHash, ...activation });
    await packs.notifyChanged(stored.language);
    return { ...stored, active: true };
  });
}
