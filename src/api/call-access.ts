import { repositories, type Queryable, type StoredCall } from '../store/index.ts';
import { notFound } from './http-error.ts';
import type { UserRow } from '../store/review-app/users.ts';

/** Whether the user's bank scope covers this bank (null scope = every bank). */
export function canSeeBank(user: Pick<UserRow, 'banks'>, bank: string): boolean {
  return user.banks === null || user.banks.includes(bank);
}

/**
 * The call, if it exists and the user may see it. A call outside the user's scope is answered
 * exactly like a missing one, so ids cannot be probed.
 */
export async function visibleCall(q: Queryable, user: Pick<UserRow, 'banks'>, callId: string): Promise<StoredCall> {
  const call = await repositories(q).calls.get(callId);
  if (!call || !canSeeBank(user, call.bank)) throw notFound('call');
  return call;
}
