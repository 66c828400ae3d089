import { verifyAuditChain } from '../api/audit-chain.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/index.ts';

/**
 * `callguard audit verify`: recomputes the audit log's hash chain and reports the first broken
 * link (exit 1), or the number of rows and the head's seq and hash (exit 0). Keep the head hash
 * somewhere the database's owner cannot write (a ticket, a signed e-mail): a later run that does
 * not reach the same head at that seq means history was rewritten from there on.
 */
export async function auditVerifyCommand(): Promise<void> {
  const database = await openDatabase(loadConfig());
  try {
    const result = await verifyAuditChain(database);
    if (result.ok) {
      const head = result.head ? `head seq ${result.head.seq} hash ${result.head.hash}` : 'empty';
      // After a retention purge the chain starts at a checkpoint: say so, the rows before it are gone by design.
      if (result.checkpoint) process.stdout.write(`checked from the retention checkpoint at seq ${result.checkpoint.seq} (hash ${result.checkpoint.hash}); older rows were purged\n`);
      process.stdout.write(`audit chain intact: ${result.rows} rows, ${head}\n审计日志哈希链完整：${result.rows} 行\n`);
    } else {
      const b = result.broken;
      const what = { hash: 'the row does not match its hash (changed)', link: 'the row does not follow the previous row (a row before it was changed, removed or inserted)', gap: 'rows are missing before it' }[b.problem];
      process.stdout.write(`audit chain broken at seq ${b.seq} (id ${b.id}): ${what}; ${result.rows} rows before it are intact\n审计日志哈希链在第 ${b.seq} 行断开\n`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}
