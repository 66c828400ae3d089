import type { ContactChannel, ContactParty, ContactRecord } from '../../domain/case.ts';
import type { Queryable } from '../db.ts';

export type NewContactRecord = Omit<ContactRecord, 'id'> & { createdBy: string };

interface ContactRow {
  id: number;
  case_id: number;
  at: Date;
  contact_by: string;
  party: ContactParty;
  channel: ContactChannel;
  summary: string;
  call_id: string | null;
}

const toContact = (r: ContactRow): ContactRecord => ({
  id: r.id,
  caseId: r.case_id,
  at: r.at,
  by: r.contact_by,
  party: r.party,
  channel: r.channel,
  summary: r.summary,
  callId: r.call_id,
});

/** Contact records of cases: what was told to the borrower, the bank or others, and when. */
export class ContactsRepository {
  constructor(private readonly q: Queryable) {}

  async insert(c: NewContactRecord): Promise<ContactRecord> {
    const { rows } = await this.q.query<ContactRow>(
      `INSERT INTO contact_records (case_id, at, contact_by, party, channel, summary, call_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [c.caseId, c.at, c.by, c.party, c.channel, c.summary, c.callId, c.createdBy],
    );
    return toContact(rows[0]!);
  }

  /** Oldest first, as they happened. */
  async listByCase(caseId: number): Promise<ContactRecord[]> {
    const { rows } = await this.q.query<ContactRow>('SELECT * FROM contact_records WHERE case_id = $1 ORDER BY at, id', [caseId]);
    return rows.map(toContact);
  }
}
