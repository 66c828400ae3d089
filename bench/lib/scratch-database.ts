import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the benchmarks make their databases on (a superuser connection to an existing database). */
export const PG_ADMIN = process.env.CALLGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of a benchmark's own, empty, on PG_ADMIN's server; `drop` removes it, connections and all. */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(prefix = 'callguard_bench'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
