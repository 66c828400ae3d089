/**
 * Cases: triage of scanned calls into complaint-risk cases, the case state machine, the SLA clock,
 * and the actions people take on cases. Pure parts (decideTriage, planTransition, slaState) take
 * no database; the rest run one transaction each through src/store.
 */
export * from '../domain/case.ts';
export { CASE_TRANSITIONS, allowedTransitions, isFinal, planTransition, IllegalCaseTransitionError, MissingTransitionDetailError, type TransitionDetails, type PlannedTransition } from './case-state-machine.ts';
export { slaDueAt, slaState, isOverdue, type SlaState } from './sla.ts';
export { decideTriage, type TriageDecision } from './triage-policy.ts';
export { triageCall, CallNotFoundError, type TriageCall, type TriagePolicy, type TriageResult } from './triage.ts';
export { escalateCall, CallToEscalateNotFoundError, type EscalationResult } from './escalate-call.ts';
export { changeCaseStatus, assignCase, addCaseNote, recordComplaint, CaseNotFoundError, type CaseChange, type ComplaintIntake, type ComplaintResult } from './case-actions.ts';
