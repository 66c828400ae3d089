/** The QA floor's response shapes, from the generated API types (src/api/qa-schemas.ts). */
import type { ApiResponse } from './types.ts';

export type SampleDraw = ApiResponse<'/api/qa/samples/draw', 'post'>;
export type Samples = ApiResponse<'/api/qa/samples'>;
export type Reviewers = ApiResponse<'/api/qa/reviewers'>;
export type MyQueue = ApiResponse<'/api/qa/my-queue'>;
export type NextCall = ApiResponse<'/api/qa/next', 'post'>;
export type CallQaState = ApiResponse<'/api/qa/calls/{id}'>;
export type RuleChoices = ApiResponse<'/api/qa/rules'>;
export type Escalation = ApiResponse<'/api/calls/{id}/escalate', 'post'>;
export type CalibrationList = ApiResponse<'/api/qa/calibrations'>;
export type Calibration = ApiResponse<'/api/qa/calibrations/{id}'>;
export type Agreement = ApiResponse<'/api/qa/agreement'>;
export type QaOverview = ApiResponse<'/api/qa/overview'>;
export type Verdict = NonNullable<Calibration['myVerdicts'][number]['verdict']>;

/** Borrower signals take noted / acted on (src/domain/finding-verdict.ts). */
export const SIGNAL_CATEGORIES: readonly string[] = ['complaint_risk', 'cease_request', 'vulnerability'];
