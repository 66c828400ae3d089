import type { TransactionOptions } from '../store/index.ts';

/**
 * The lock that serialises everything which opens or joins a case of one borrower (two workers
 * triaging two calls of that borrower, a complaint arriving meanwhile). A transaction-scoped
 * advisory lock, taken with BEGIN: it also covers the moment before any case row exists, which a
 * row lock cannot. Borrower ids are the bank's, so the bank is part of the name.
 */
export function borrowerLock(bank: string, borrowerId: string): TransactionOptions {
  return { advisoryLock: `callguard:borrower:${bank}\u001f${borrowerId}` };
}
