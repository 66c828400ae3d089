import type { Queryable } from './db.ts';

/**
 * Two database roles (server mode): the migration role owns the schema and runs `callguard db
 * migrate`; the runtime role, which `serve` and the workers connect as, gets only what they need.
 * Above all it does not own `audit_events`: a table's owner can disable its triggers and rewrite
 * it, so the runtime role gets INSERT and SELECT there and nothing else (and SELECT only on the
 * migrations table). Run after every migration that adds tables; granting twice is harmless.
 */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function runtimeRoleGrants(role: string, schema: string): string[] {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a plain role name (lower-case letters, digits, _)`);
  const r = `"${role}"`;
  const s = `"${schema.replace(/"/g, '""')}"`;
  return [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${s}.audit_events FROM ${r}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.migrations FROM ${r}`,
    // Where the audit chain starts after a purge: written only by retention_purge_audit (migration 146).
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.audit_chain_checkpoints FROM ${r}`,
  ];
}

export async function grantRuntimeRole(q: Queryable, role: string): Promise<void> {
  const { rows } = await q.query<{ schema: string }>('SELECT current_schema() AS schema');
  for (const sql of runtimeRoleGrants(role, rows[0]!.schema)) await q.query(sql);
}
