import type { Complaint, ComplaintChannel } from '../../domain/case.ts';
import type { Queryable } from '../db.ts';

/** A complaint as recorded; `content` is personal data (what the borrower said or wrote). */
export type NewComplaint = Omit<Complaint, 'id' | 'createdAt' | 'borrowerRequest' | 'phoneMasked'> & {
  borrowerRequest?: string | null;
  /** The number the complaint came with: stored only as its lookup hash and masked. */
  phone?: string | null;
  phoneMasked?: string | null;
};

interface ComplaintRow {
  id: number;
  case_id: number | null;
  bank: string;
  borrower_id: string;
  channel: ComplaintChannel;
  received_at: Date;
  content: string;
  borrower_request: string | null;
  phone_masked: string | null;
  created_by: string;
  created_at: Date;
}

/** Every column but the phone hash, which never leaves the database. */
const COLUMNS = 'id, case_id, bank, borrower_id, channel, received_at, content, borrower_request, phone_masked, created_by, created_at';

const toComplaint = (r: ComplaintRow): Complaint => ({
  id: r.id,
  caseId: r.case_id,
  bank: r.bank,
  borrowerId: r.borrower_id,
  channel: r.channel,
  receivedAt: r.received_at,
  content: r.content,
  borrowerRequest: r.borrower_request,
  phoneMasked: r.phone_masked,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export class ComplaintsRepository {
  constructor(private readonly q: Queryable) {}

  async insert(c: NewComplaint): Promise<Complaint> {
    const { rows } = await this.q.query<ComplaintRow>(
      `INSERT INTO complaints (case_id, bank, borrower_id, channel, received_at, content, borrower_request, created_by, phone_hash, phone_masked)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, phone_lookup_hash($9), $10) RETURNING ${COLUMNS}`,
      [c.caseId, c.bank, c.borrowerId, c.channel, c.receivedAt, c.content, c.borrowerRequest ?? null, c.createdBy, c.phone ?? null, c.phoneMasked ?? null],
    );
    return toComplaint(rows[0]!);
  }

  async get(id: number): Promise<Complaint | null> {
    const { rows } = await this.q.query<ComplaintRow>(`SELECT ${COLUMNS} FROM complaints WHERE id = $1`, [id]);
    return rows[0] ? toComplaint(rows[0]) : null;
  }

  async listByCase(caseId: number): Promise<Complaint[]> {
    const { rows } = await this.q.query<ComplaintRow>(`SELECT ${COLUMNS} FROM complaints WHERE case_id = $1 ORDER BY received_at, id`, [caseId]);
    return rows.map(toComplaint);
  }

  async listOfBorrower(bank: string, borrowerId: string): Promise<Complaint[]> {
    const { rows } = await this.q.query<ComplaintRow>(
      `SELECT ${COLUMNS} FROM complaints WHERE bank = $1 AND borrower_id = $2 ORDER BY received_at DESC, id DESC`,
      [bank, borrowerId],
    );
    return rows.map(toComplaint);
  }
}
