/**
 * Cases: triage of scanned calls into risk cases, the two procedures (risk case, complaint case) as
 * a declared table, the deadlines, the deadline sweep, and the actions people take on cases. Pure
 * parts (decideTriage, planTransition, caseDeadlines) take no database; the rest run one
 * transaction each through src/store.
 */
export * from '../domain/case.ts';
export {
  PROCEDURE, allowedTransitions, stepsFrom, findStep, planTransition, IllegalCaseTransitionError, MissingTransitionDetailError,
  InvalidTransitionDetailError, ForbiddenCaseActionError,
  type CaseAction, type ProcedureStep, type TransitionDetails, type TransitionField, type ContactInput, type PlannedTransition,
} from './case-procedure.ts';
export { caseDeadlines, caseDeadlinesUnder, deadlineState, deadlineSettingsFor, nearestDeadline, thresholdReached, DEADLINES_BY_KIND } from './deadlines.ts';
export { slaDueAt } from './sla.ts';
export { decideTriage, type TriageDecision } from './triage-policy.ts';
export { triageCall, CallNotFoundError, type TriageCall, type TriagePolicy, type TriageResult } from './triage.ts';
export {
  changeCaseStatus, assignCase, addCaseNote, addContactRecord, chooseCaseCalls, extendRegulatorDeadline, recordComplaint,
  CaseNotFoundError, ConflictOfInterestError,
  type CaseActor, type CaseChange, type ComplaintIntake, type ComplaintResult, type NewContactInput,
} from './case-actions.ts';
export { escalateCall, CallToEscalateNotFoundError, type EscalationResult } from './escalate-call.ts';
