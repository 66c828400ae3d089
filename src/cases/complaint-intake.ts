import { bankNamesOf, type BankGroup } from '../domain/bank-groups.ts';
import { isPlausiblePhone } from '../domain/phone-number.ts';
import { normalisePhrase } from '../rules/normalise.ts';
import type { Queryable } from '../store/db.ts';
import {
  borrowerNames, borrowersById, borrowersByPhone, borrowerSummary, type BorrowerKey, type BorrowerSummary,
} from '../store/review-app/borrower-lookup.ts';

/**
 * Which borrower a complaint is about. A complaint usually arrives with a phone number and a name,
 * rarely with the bank's borrower id; any of the three finds the borrower among the calls of the
 * bank's group (every name the bank goes by). Names compare in the rules' normal form: traditional
 * characters, full-width letters and spacing do not matter (陳大文 = 陈大文 = "陈 大文").
 */
export interface IntakeQuery {
  group: BankGroup;
  phone?: string | undefined;
  name?: string | undefined;
  borrowerId?: string | undefined;
}

export interface IntakeMatch {
  /** How each borrower was found (by more than one way when they agree). */
  borrowers: (BorrowerSummary & { matchedBy: ('phone' | 'name' | 'borrower_id')[] })[];
}

export class IntakeQueryError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'IntakeQueryError';
  }
}

export const nameKey = (name: string): string => normalisePhrase(name).replace(/\s+/g, '');

export async function matchBorrowers(q: Queryable, query: IntakeQuery): Promise<IntakeMatch> {
  const banks = bankNamesOf(query.group);
  const phone = query.phone?.trim() || undefined;
  const name = query.name?.trim() || undefined;
  const borrowerId = query.borrowerId?.trim() || undefined;
  if (!phone && !name && !borrowerId) throw new IntakeQueryError('give a phone number, a name or a borrower id');
  if (phone && !isPlausiblePhone(phone)) throw new IntakeQueryError('the phone number has too few or too many digits');

  const found = new Map<string, { key: BorrowerKey; matchedBy: ('phone' | 'name' | 'borrower_id')[] }>();
  const add = (keys: BorrowerKey[], how: 'phone' | 'name' | 'borrower_id') => {
    for (const key of keys) {
      const id = `${key.bank}\u0000${key.borrowerId}`;
      const entry = found.get(id) ?? { key, matchedBy: [] };
      entry.matchedBy.push(how);
      found.set(id, entry);
    }
  };
  if (phone) add(await borrowersByPhone(q, banks, phone), 'phone');
  if (borrowerId) add(await borrowersById(q, banks, borrowerId), 'borrower_id');
  if (name) {
    const wanted = nameKey(name);
    add((await borrowerNames(q, banks)).filter((b) => nameKey(b.name) === wanted), 'name');
  }
  // Found more ways first: a phone and a name that agree outrank a name shared by two people.
  const ordered = [...found.values()].sort((a, b) => b.matchedBy.length - a.matchedBy.length);
  const borrowers = [];
  for (const { key, matchedBy } of ordered.slice(0, 10)) borrowers.push({ ...(await borrowerSummary(q, key)), matchedBy });
  return { borrowers };
}
