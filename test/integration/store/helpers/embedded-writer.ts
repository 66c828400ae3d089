// Child process for the crash test: opens the embedded database in CALLGUARD_DATA_DIR and commits
// numbered rows one transaction at a time, printing each number once its COMMIT returned, until
// it is killed.
import { openDatabase } from '../../../../src/store/db.ts';

const db = await openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: process.env.CALLGUARD_DATA_DIR! });
await db.query('CREATE TABLE IF NOT EXISTS crash_rows (n int PRIMARY KEY)');
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO crash_rows VALUES ($1)', [n]);
  });
  process.stdout.write(`${n}\n`);
}
