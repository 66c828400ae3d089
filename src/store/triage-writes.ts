import type { Case } from '../domain/case.ts';
import type { JoinCaseRequest, OpenCaseRequest } from './repositories/cases-repository.ts';
import type { StageRecord } from './repositories/stage-record-sql.ts';

/**
 * The three writes triage makes: open a case, join one, or record an outcome that changed no case.
 * Each single-call repository method, or the grouped statements (stage-statements.ts), provides them.
 */
export interface TriageWrites {
  open(request: OpenCaseRequest): Promise<Case | null>;
  join(request: JoinCaseRequest): Promise<Case | null>;
  record(record: StageRecord): Promise<unknown>;
}
