import { createHash } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import { latestAuditCheckpoint, readAuditChainPage, type AuditChainRow } from '../store/review-app/audit-chain.ts';

/**
 * Verifies the audit log's hash chain (migration 104) outside the database: each row's hash is
 * recomputed here from its fields, each row must name the previous row's hash, and `seq` must
 * count 1, 2, 3… without gaps. The first row that fails is the first broken link: the row was
 * changed, or a row before it was changed, removed or slipped in.
 */

/** `<length in UTF-8 bytes>:<text>;`, or `-;` for NULL: the same encoding as the SQL side. */
function field(v: string | null): string {
  return v === null ? '-;' : `${Buffer.byteLength(v, 'utf8')}:${v};`;
}

export function auditRowHash(r: AuditChainRow): string {
  const payload = [r.prevHash, r.id, r.seq, r.at, r.actor, r.actorRole, r.action, r.entityType, r.entityId, r.before, r.after, r.ip]
    .map(field)
    .join('');
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

export type ChainBreak = { seq: string; id: string; problem: 'hash' | 'link' | 'gap' };

export interface ChainCursor {
  /** The last good row's seq and hash (0 and null before the first row). */
  seq: bigint;
  hash: string | null;
  rows: number;
}

export const CHAIN_START: ChainCursor = { seq: 0n, hash: null, rows: 0 };

/** Checks one page (in seq order) after `cursor`; returns the first break, or the cursor to go on from. */
export function verifyChainPage(cursor: ChainCursor, rows: readonly AuditChainRow[]): { ok: true; cursor: ChainCursor } | { ok: false; broken: ChainBreak; intact: number } {
  let { seq, hash, rows: count } = cursor;
  for (const r of rows) {
    const at = { seq: r.seq, id: r.id };
    if (BigInt(r.seq) !== seq + 1n) return { ok: false, broken: { ...at, problem: 'gap' }, intact: count };
    if (r.prevHash !== hash) return { ok: false, broken: { ...at, problem: 'link' }, intact: count };
    if (auditRowHash(r) !== r.hash) return { ok: false, broken: { ...at, problem: 'hash' }, intact: count };
    seq = BigInt(r.seq);
    hash = r.hash;
    count++;
  }
  return { ok: true, cursor: { seq, hash, rows: count } };
}

const PAGE = 2000;

/**
 * Walks the whole chain from its first row, or, once a retention purge removed the oldest rows,
 * from the latest checkpoint (the last removed row's seq and hash): the first remaining row must
 * link to it. The purge's own audit event names the checkpoint, inside the chain.
 */
export async function verifyAuditChain(
  q: Queryable,
): Promise<
  | { ok: true; rows: number; head: { seq: string; hash: string } | null; checkpoint?: { seq: string; hash: string } }
  | { ok: false; rows: number; broken: ChainBreak; checkpoint?: { seq: string; hash: string } }
> {
  const checkpoint = await latestAuditCheckpoint(q);
  let cursor: ChainCursor = checkpoint ? { seq: BigInt(checkpoint.seq), hash: checkpoint.hash, rows: 0 } : CHAIN_START;
  const from = checkpoint ? { checkpoint } : {};
  for (;;) {
    const rows = await readAuditChainPage(q, cursor.seq, PAGE);
    if (rows.length === 0) break;
    const result = verifyChainPage(cursor, rows);
    if (!result.ok) return { ok: false, rows: result.intact, broken: result.broken, ...from };
    cursor = result.cursor;
  }
  return { ok: true, rows: cursor.rows, head: cursor.hash === null ? null : { seq: cursor.seq.toString(), hash: cursor.hash }, ...from };
}
