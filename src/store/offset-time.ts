/**
 * A call's start is stored as an instant (timestamptz) plus the borrower's UTC offset in minutes,
 * because PostgreSQL keeps no offset and the hours rules judge local time. These two functions
 * convert between that pair and ISO 8601 text with the offset.
 */

/** "+08:00", "+0800", "-05:00", "Z" at the end of an ISO timestamp → minutes east of UTC. */
export function parseUtcOffsetMinutes(iso: string): number {
  if (/Z$/i.test(iso)) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`timestamp has no UTC offset: ${iso}`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant written in local time at the given offset: 2026-03-01T09:30:00+08:00 (milliseconds when non-zero). */
export function formatWithOffset(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const ms = local.getUTCMilliseconds();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
