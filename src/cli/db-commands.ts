import { loadConfig } from '../config.ts';
import { migrate, migrationStatus, openDatabase } from '../store/index.ts';
import { grantRuntimeRole } from '../store/runtime-role.ts';

/**
 * `callguard db migrate` and `callguard db status`: the database named by DATABASE_URL, or the
 * embedded one under CALLGUARD_DATA_DIR when it is unset. Migrating is safe while other callguard
 * processes start (they wait for each other); `serve`, `worker` and `analyze` migrate on start too.
 */
export async function dbMigrateCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const result = await migrate(database);
    for (const name of result.applied) process.stdout.write(`applied ${name}\n`);
    process.stdout.write(`database (${database.mode}) is at migration ${result.current}\n`);
  } finally {
    await database.close();
  }
}

export async function dbStatusCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    for (const m of await migrationStatus(database)) {
      const state = m.unknown ? 'unknown to this version: upgrade callguard' : m.appliedAt ? `applied ${m.appliedAt.toISOString()}` : 'pending';
      process.stdout.write(`${String(m.id).padStart(3, '0')}_${m.name}\t${state}\n`);
      if (m.unknown) process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

/**
 * `callguard db grant-runtime ROLE`: gives the runtime role (serve, workers) what it needs and no
 * more, INSERT/SELECT only on the audit log; run as the schema owner after migrating.
 */
export async function dbGrantRuntimeCommand(role: string): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await grantRuntimeRole(database, role);
    process.stdout.write(`granted the runtime privileges to ${role}\n`);
  } finally {
    await database.close();
  }
}
