import type { Case } from '../../../src/domain/case.ts';

/** A case with every field, for the pure modules' tests: a complaint received at `receivedAt`. */
export function complaintCase(overrides: Partial<Case> = {}): Case {
  const receivedAt = overrides.receivedAt ?? new Date('2026-03-02T00:00:00Z');
  return {
    id: 1, kind: 'complaint', bank: '中国建设银行', borrowerId: 'B-1', status: 'received', openedReason: 'complaint', riskScore: 0,
    openedAt: receivedAt, slaDueAt: new Date(receivedAt.getTime() + 24 * 3600_000), receivedAt, firstResponseAt: null, assignedTo: null,
    acceptedAt: null, complainantName: null, complainantRelation: null, complainantContact: null, complaintChannel: null,
    complainantRequest: null, promisedResponseAt: null, investigatingAt: null, bankNotifiedAt: null, explainedAt: null,
    solutionText: null, solutionDueAt: null, solutionProposedAt: null, outcome: null, causeAnalysis: null, reviewedAt: null,
    regulatorExtensionDays: 0, regulatorExtensionReason: null, reopenedAt: null, reportedToBankAt: null, reportedToBankBy: null,
    resolvedAt: null, resolution: null, followedUpAt: null, followUpNote: null, followUpCallId: null, closedAt: null,
    updatedAt: receivedAt,
    ...overrides,
  };
}

export function riskCase(overrides: Partial<Case> = {}): Case {
  return complaintCase({ kind: 'risk', status: 'open', openedReason: 'critical_finding', receivedAt: null, ...overrides });
}
