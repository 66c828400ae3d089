import { ruleHashesOf, type CompiledPack } from '../../rules/index.ts';
import { carryVerdict, restoreFindings, supersedeFindingsOutside, verdictCandidates } from '../../store/finding-versions.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import type { ActivePack } from '../rule-pack-source.ts';

const hashesByPack = new WeakMap<CompiledPack, Map<string, { version: string; matching: string }>>();

function hashesOf(pack: CompiledPack) {
  let hashes = hashesByPack.get(pack);
  if (!hashes) {
    hashes = ruleHashesOf(pack);
    hashesByPack.set(pack, hashes);
  }
  return hashes;
}

/**
 * After a re-scan stored its findings: the call's findings of other rule versions are superseded
 * (kept, with their verdicts, but no longer shown), and a verdict carries over to a new version's
 * finding only when the rule's matching hash (src/rules/rule-matching.ts) is the same in both
 * versions and the quote, segment and span are identical. A finding whose rule version did not
 * change is the same row (the scan's upsert key) and keeps its verdict as it is. With `restore`
 * (a version the call was scanned with before, after a rollback) that scan's findings, superseded
 * since, are made current again.
 */
export async function settleRescanFindings(
  deps: Pick<PipelineDeps, 'db' | 'rules'>, callId: string, active: ActivePack, currentIds: readonly number[], options: { restore?: boolean } = {},
): Promise<{ superseded: number; carried: number }> {
  const restored = options.restore ? await restoreFindings(deps.db, callId, currentIds) : 0;
  const superseded = await supersedeFindingsOutside(deps.db, callId, currentIds, active.packHash);
  if (superseded === 0 && restored === 0) return { superseded, carried: 0 };
  const now = hashesOf(active.pack);
  let carried = 0;
  const done = new Set<number>();
  for (const c of await verdictCandidates(deps.db, callId, currentIds)) {
    if (done.has(c.toId) || !c.fromPack) continue;
    const before = await deps.rules.version(deps.db, c.fromPack).catch(() => null);
    const was = before ? hashesOf(before.pack).get(c.ruleId) : undefined;
    const is = now.get(c.ruleId);
    // The earlier pack must really be the one that raised it, and the matching unchanged.
    if (!was || !is || was.version !== c.fromVersion || is.version !== c.toVersion || was.matching !== is.matching) continue;
    if (await carryVerdict(deps.db, c.toId, c.fromId)) {
      carried++;
      done.add(c.toId);
    }
  }
  return { superseded, carried };
}
