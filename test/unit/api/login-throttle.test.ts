import { describe, expect, it } from 'vitest';
import { accountDelayMs, decideLogin, type LoginLimits } from '../../../src/api/auth/login-throttle.ts';
import { passwordProblem } from '../../../src/api/auth/password-policy.ts';

const limits: LoginLimits = { windowMs: 15 * 60_000, maxPerAccountIp: 5, maxPerIp: 50, freePerAccount: 10, accountDelayBaseMs: 1000 };
const now = new Date('2026-03-01T10:00:00Z');
const base = { accountAndIp: 0, ip: 0, oldestAccountAndIp: null, account: 0, lastAccountFailure: null };

describe('sign-in throttle', () => {
  it('doubles the wait per failure of one account from any address, up to the window', () => {
    expect([9, 10, 11, 12, 13, 30].map((n) => accountDelayMs(n, limits))).toEqual([0, 1000, 2000, 4000, 8000, 15 * 60_000]);
  });

  it('refuses a try before the wait is over, with the seconds left, and allows it after', () => {
    const justFailed = { ...base, account: 12, lastAccountFailure: new Date(now.getTime() - 1000) };
    expect(decideLogin(justFailed, limits, now)).toEqual({ allowed: false, retryAfterSeconds: 3 });
    const waited = { ...base, account: 12, lastAccountFailure: new Date(now.getTime() - 4000) };
    expect(decideLogin(waited, limits, now)).toEqual({ allowed: true });
    expect(decideLogin({ ...base, account: 9, lastAccountFailure: now }, limits, now)).toEqual({ allowed: true });
  });
});

describe('password policy', () => {
  it('refuses short, common, decorated-common, repeated and username passwords', () => {
    for (const [pw, user] of [
      ['short', undefined], ['1234567890', undefined], ['Password2026!', undefined], ['woaini1314520', undefined],
      ['QWERTYUIOP', undefined], ['abcabcabcabc', undefined], ['aaaaabbbbbb', undefined], ['zhangsan-2026-x', 'zhangsan'],
      ['1q2w3e4r5t', undefined],
    ] as const) {
      expect(passwordProblem(pw, user), pw).not.toBeNull();
    }
  });

  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct horse battery', 'admin')).toBeNull();
    expect(passwordProblem('慢慢走，欣赏啊 river 7', 'supervisor')).toBeNull();
  });
});
