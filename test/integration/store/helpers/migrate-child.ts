// Child process for the concurrent-migration test: migrates DATABASE_URL, prints what it applied.
import { connectDatabase } from '../../../../src/store/db.ts';
import { migrate } from '../../../../src/store/migrate.ts';

const db = connectDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
try {
  const result = await migrate(db);
  process.stdout.write(JSON.stringify(result));
} finally {
  await db.close();
}
