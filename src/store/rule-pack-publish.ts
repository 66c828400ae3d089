import type { Db } from './db.ts';
import { RulePacksRepository, type NewRulePack, type StoredRulePack } from './repositories/rule-packs-repository.ts';

/**
 * Stores the pack (once per content hash) and makes it the language's only active pack, in one
 * transaction so no scan ever sees a language with no active pack or with two. Publishing an
 * already stored pack re-activates it (a rollback to an earlier version).
 */
export async function publishRulePack(db: Db, pack: NewRulePack): Promise<StoredRulePack> {
  return db.transaction(async (tx) => {
    const packs = new RulePacksRepository(tx);
    const stored = (await packs.insertIfNew(pack)) ?? (await packs.getByHash(pack.contentHash));
    if (!stored) throw new Error(`rule pack ${pack.contentHash} vanished while publishing`);
    if (stored.language !== pack.language) {
      throw new Error(`rule pack ${pack.contentHash} is already stored for ${stored.language}, not ${pack.language}`);
    }
    await packs.deactivateLanguage(stored.language);
    await packs.activate(stored.id);
    return { ...stored, active: true };
  });
}
