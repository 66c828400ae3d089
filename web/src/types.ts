/**
 * The API's response shapes, as the SPA reads them: named views of the types generated from the
 * server's OpenAPI document (api-types.generated.ts, `npm run gen:api-types`), never copied by hand.
 */
import type { paths } from './api-types.generated.ts';

/** The JSON a GET (or another method) on `P` answers with 200. */
export type ApiResponse<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' = 'get'> =
  paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type SignedIn = ApiResponse<'/api/auth/me'>;
export type User = SignedIn['user'];
export type Role = User['role'];

export type Filters = ApiResponse<'/api/queue/filters'>;
export type QueueItem = ApiResponse<'/api/queue'>['items'][number];
export type Severity = QueueItem['maxSeverity'];

export type CallDetail = ApiResponse<'/api/calls/{id}'>;
export type CallInfo = CallDetail['call'];
export type Segment = NonNullable<CallDetail['transcript']>['segments'][number];
/** How far the transcript can be trusted (src/asr/transcript-quality.ts). */
export type TranscriptQuality = NonNullable<NonNullable<CallDetail['transcript']>['quality']>;
export type Speaker = Segment['speaker'];
export type Finding = CallDetail['findings'][number];

export type FailedCalls = ApiResponse<'/api/calls/failed'>;
export type FailedCall = FailedCalls['items'][number];
export type RetryResult = ApiResponse<'/api/calls/{id}/retry', 'post'>;

export type CaseSummary = ApiResponse<'/api/cases'>['items'][number];
export type CaseStatus = CaseSummary['status'];
export type CaseKind = CaseSummary['kind'];
export type Deadline = CaseSummary['deadlines'][number];
export type CaseDetail = ApiResponse<'/api/cases/{id}'>;
export type CaseEvent = CaseDetail['events'][number];
export type ContactRecord = CaseDetail['contacts'][number];
export type NextStep = CaseDetail['case']['nextSteps'][number];
export type BankGroups = ApiResponse<'/api/banks'>['banks'];
export type IntakeMatch = ApiResponse<'/api/complaints/match', 'post'>;
export type MatchedBorrower = IntakeMatch['borrowers'][number];
