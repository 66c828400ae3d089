/**
 * The due time stored on a case when it opens (`sla_due_at`): a complaint's first response, or a
 * risk case's first clock. Kept for ordering and for the report; what each deadline's state is at a
 * moment comes from deadlines.ts, which knows every clock of the procedure and what meets it.
 * Calendar hours: nights and holidays count.
 */

const HOUR_MS = 3_600_000;

export function slaDueAt(clockStart: Date, hours: number): Date {
  if (!(hours > 0)) throw new RangeError(`deadline hours must be positive, not ${hours}`);
  return new Date(clockStart.getTime() + hours * HOUR_MS);
}
