import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/api/audit-chain.ts';
import { migrate, openDatabase } from '../../../src/store/index.ts';
import { insertAuditEvent } from '../../../src/store/review-app/audit-events.ts';
import { loadConfig } from '../../../src/config.ts';
// Embedded mode keeps one database role; the chain works there the same way (PGlite has sha256 and advisory locks).
it('chains audit rows on the embedded database', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-emb-'));
  const db = await openDatabase(loadConfig({ CALLGUARD_DATA_DIR: dir }));
  try {
    await migrate(db);
    for (let i = 0; i < 3; i++) await insertAuditEvent(db, { actor: 'a', action: 'x', entityType: 'case', entityId: String(i), after: { 说: '好' } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
