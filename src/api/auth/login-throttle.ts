import type { RecentFailures } from '../../store/review-app/login-attempts.ts';

/**
 * Whether a sign-in may be tried now, from the failures counted in the database (so the limit
 * holds across restarts and across several server processes). Per account + address stops
 * guessing one password; per address stops spraying many accounts from one machine, while a
 * colleague behind the same NAT who types their own password right is not locked out by a
 * stranger's failures on another account until the address limit.
 */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideLogin(
  failures: RecentFailures,
  limits: { windowMs: number; maxPerAccountIp: number; maxPerIp: number },
  now: Date,
): ThrottleDecision {
  if (failures.accountAndIp >= limits.maxPerAccountIp || failures.ip >= limits.maxPerIp) {
    const oldest = failures.oldestAccountAndIp?.getTime() ?? now.getTime();
    const retryMs = Math.max(1000, oldest + limits.windowMs - now.getTime());
    return { allowed: false, retryAfterSeconds: Math.ceil(retryMs / 1000) };
  }
  return { allowed: true };
}
