import type { Queryable } from '../../store/db.ts';
import { CallsRepository, type StoredCall } from '../../store/index.ts';
import { PermanentError } from '../errors.ts';

/** Loads the call a job names; a job for a call that does not exist can never succeed. */
export async function loadCall(q: Queryable, callId: string): Promise<StoredCall> {
  const call = await new CallsRepository(q).get(callId);
  if (!call) throw new PermanentError(`no call ${callId} in the database`);
  return call;
}
