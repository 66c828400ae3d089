/**
 * Weeks as the dashboards, the scorecard and the QA sample count them: Monday 00:00 to the next
 * Monday 00:00 in the deployment's time zone (docs/dashboards.md, "Weeks"). A week is named by its
 * Monday, YYYY-MM-DD. The database computes the same with dash_week() (schema 128).
 */

/** Whether the runtime knows the zone (an IANA name such as Asia/Shanghai or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant on the clocks of a zone. */
export function localDate(instant: Date, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The Monday of the week a calendar date (YYYY-MM-DD) falls in. */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week an instant falls in, in the zone. */
export function weekStartOf(instant: Date, zone: string): string {
  return mondayOf(localDate(instant, zone));
}

/** The Monday `weeks` weeks before the given Monday. */
export function weeksBefore(week: string, weeks: number): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) - weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** The last week that has ended at `now` in the zone: the one the periodic QA sample draws. */
export function lastCompleteWeekStart(now: Date, zone: string): string {
  return weeksBefore(weekStartOf(now, zone), 1);
}
