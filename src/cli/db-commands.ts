import { loadConfig } from '../config.ts';
import { isTimeZone } from '../domain/week.ts';
import { getWeekTimeZone, migrate, migrationStatus, openDatabase, setWeekTimeZone } from '../store/index.ts';
import { grantRuntimeRole } from '../store/runtime-role.ts';
import { operatorName } from './operator-name.ts';

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

/**
 * `callguard db week-zone [ZONE]`: prints the deployment's week time zone, or sets it and moves
 * every weekly rollup row to its week in the new zone (one transaction; minutes on millions of
 * calls). Weeks of QA samples already drawn keep their Monday. Run as the schema owner: it
 * rewrites dash_week() (schema 128).
 */
export async function dbWeekZoneCommand(zone: string | undefined): Promise<void> {
  if (zone !== undefined && !isTimeZone(zone)) {
    process.stderr.write(`${zone}: not a time zone; give an IANA name such as Asia/Shanghai or UTC\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrate(database);
    if (zone === undefined) {
      process.stdout.write(`weeks start on Monday 00:00 ${await getWeekTimeZone(database)}\n`);
      return;
    }
    const before = await getWeekTimeZone(database);
    await setWeekTimeZone(database, zone, operatorName());
    process.stdout.write(`weeks start on Monday 00:00 ${zone} (was ${before}); the weekly rollups were rebuilt\n`);
  } finally {
    await database.close();
  }
}
