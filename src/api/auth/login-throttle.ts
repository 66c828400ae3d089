import type { RecentFailures } from '../../store/review-app/login-attempts.ts';

/**
 * Whether a sign-in may be tried now, from the failures counted in the database (so the limit
 * holds across restarts and across several server processes). Three limits:
 * - per account + address: stops guessing one password from one machine;
 * - per address: stops spraying many accounts from one machine (a colleague behind the same NAT
 *   who types their own password right is not locked out by a stranger's failures until then);
 * - per account, from any address: after `freePerAccount` failures each further try must wait
 *   twice as long as the one before (1 s, 2 s, 4 s … up to the window), so guessing one account
 *   from many addresses is slow, while its owner is only delayed, never locked out for good.
 *   An admin can unlock the account at once.
 */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface LoginLimits {
  windowMs: number;
  maxPerAccountIp: number;
  maxPerIp: number;
  freePerAccount: number;
  accountDelayBaseMs: number;
}

/** The wait before the next try after `failures` failures of one account. */
export function accountDelayMs(failures: number, limits: Pick<LoginLimits, 'freePerAccount' | 'accountDelayBaseMs' | 'windowMs'>): number {
  if (failures < limits.freePerAccount) return 0;
  const doublings = Math.min(30, failures - limits.freePerAccount);
  return Math.min(limits.windowMs, limits.accountDelayBaseMs * 2 ** doublings);
}

export function decideLogin(failures: RecentFailures, limits: LoginLimits, now: Date): ThrottleDecision {
  if (Number(failures.accountAndIp) >= limits.maxPerAccountIp || Number(failures.ip) >= limits.maxPerIp) {
    const oldest = failures.oldestAccountAndIp?.getTime() ?? now.getTime();
    const retryMs = Math.max(1000, oldest + limits.windowMs - now.getTime());
    return { allowed: false, retryAfterSeconds: Math.ceil(retryMs / 1000) };
  }
  const delay = accountDelayMs(Number(failures.account), limits);
  if (delay > 0 && failures.lastAccountFailure) {
    const waitMs = failures.lastAccountFailure.getTime() + delay - now.getTime();
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  return { allowed: true };
}
