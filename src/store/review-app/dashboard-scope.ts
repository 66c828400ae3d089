/**
 * The dashboards' filters as SQL conditions, shared by the figures (over the weekly rollups of
 * migration 125) and the drill-down lists (over calls), so a number and the calls behind it are
 * chosen by the same conditions.
 */
export interface DashboardFilter {
  /** The user's bank scope (null = every bank). */
  banks: string[] | null;
  bank?: string;
  /** '' selects calls without a team. */
  team?: string;
  agentId?: string;
  language?: string;
  /** Any day of the first week (YYYY-MM-DD); weeks start on Monday. */
  from?: string;
  /** Any day of the last week, included. */
  to?: string;
}

/** Collects positional parameters: `p.add(v)` returns `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Conditions on a rollup row (alias `d`, columns week, bank, team, agent_id, language). */
export function rollupConditions(f: DashboardFilter, p: Params, weekColumn = 'd.week'): string[] {
  const w: string[] = [];
  if (f.banks !== null) w.push(`d.bank = ANY(${p.add(f.banks)}::text[])`);
  if (f.bank !== undefined) w.push(`d.bank = ${p.add(f.bank)}`);
  if (f.team !== undefined) w.push(`d.team = ${p.add(f.team)}`);
  if (f.agentId !== undefined) w.push(`d.agent_id = ${p.add(f.agentId)}`);
  if (f.language !== undefined) w.push(`d.language = ${p.add(f.language)}`);
  if (f.from !== undefined) w.push(`${weekColumn} >= date_trunc('week', ${p.add(f.from)}::date)::date`);
  if (f.to !== undefined) w.push(`${weekColumn} <= date_trunc('week', ${p.add(f.to)}::date)::date`);
  return w;
}

/**
 * The same conditions on a call (alias `c`). The week test is the rollups' own (dash_week, in the
 * deployment's week time zone); the started_at bounds around it (a day wider, whatever the zone's
 * offset) let the index on started_at choose rows.
 */
export function callConditions(f: DashboardFilter, p: Params): string[] {
  const w: string[] = [];
  if (f.banks !== null) w.push(`c.bank = ANY(${p.add(f.banks)}::text[])`);
  if (f.bank !== undefined) w.push(`c.bank = ${p.add(f.bank)}`);
  if (f.team !== undefined) w.push(`coalesce(c.team, '') = ${p.add(f.team)}`);
  if (f.agentId !== undefined) w.push(`c.agent_id = ${p.add(f.agentId)}`);
  if (f.language !== undefined) w.push(`c.language = ${p.add(f.language)}`);
  if (f.from !== undefined) {
    const from = p.add(f.from);
    w.push(`dash_week(c.started_at) >= date_trunc('week', ${from}::date)::date`);
    w.push(`c.started_at >= date_trunc('week', ${from}::date) - interval '1 day'`);
  }
  if (f.to !== undefined) {
    const to = p.add(f.to);
    w.push(`dash_week(c.started_at) <= date_trunc('week', ${to}::date)::date`);
    w.push(`c.started_at < date_trunc('week', ${to}::date) + interval '8 days'`);
  }
  return w;
}

export function where(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
