/** The API's response shapes, as the SPA reads them. */
export type Role = 'qa_reviewer' | 'supervisor' | 'compliance_officer' | 'admin';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Speaker = 'agent' | 'customer' | 'unknown';
export type CaseStatus = 'open' | 'investigating' | 'confirmed' | 'dismissed' | 'reported_to_bank' | 'resolved' | 'followed_up';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  banks: string[] | null;
  seesUnmaskedPii: boolean;
}

export interface QueueItem {
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  findings: number;
  unreviewed: number;
  maxSeverity: Severity;
  categories: string[];
  risk: number;
  caseId: number | null;
  slaDueAt: string | null;
}

export interface Filters {
  teams: string[];
  banks: string[];
  agents: { id: string; name: string | null }[];
  categories: string[];
  severities: Severity[];
  dismissReasons: string[];
}

export interface CallInfo {
  id: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  phone: string | null;
  direction: 'outbound' | 'inbound';
  startedAt: string;
  durationMs: number | null;
  firstContact: boolean;
  language: string;
  hasAudio: boolean;
  status: string;
  statusReason: string | null;
}

export interface Segment {
  index: number;
  speaker: Speaker;
  startMs: number;
  endMs: number;
  text: string;
}

export interface Finding {
  id: number;
  callId: string;
  ruleId: string;
  ruleVersion: string;
  title: string;
  category: string;
  severity: Severity;
  speaker: Speaker | 'call';
  startMs: number;
  endMs: number;
  quote: string;
  matched: string[];
  source: string;
  segmentIndex: number | null;
  verdict: 'confirmed' | 'dismissed' | null;
  verdictReason: string | null;
  verdictNote: string | null;
  verdictBy: string | null;
  verdictAt: string | null;
}

/** How far the transcript can be trusted (src/asr/transcript-quality.ts). */
export interface TranscriptQuality {
  score: number;
  engine: string;
  signals: { signal: string; value: number; factor: number; speaker?: string; detail: string }[];
}

export interface CallDetail {
  call: CallInfo;
  transcript: { engine: string; model: string | null; segments: Segment[]; quality: TranscriptQuality | null } | null;
  findings: Finding[];
  cases: { id: number; status: CaseStatus; slaDueAt: string }[];
  masked: boolean;
}

export type Sla =
  | { state: 'due'; dueAt: string; remainingMs: number }
  | { state: 'overdue'; dueAt: string; overdueMs: number }
  | { state: 'met'; dueAt: string; respondedAt: string }
  | { state: 'missed'; dueAt: string; respondedAt: string; lateMs: number };

export interface CaseSummary {
  id: number;
  bank: string;
  borrowerId: string;
  status: CaseStatus;
  openedReason: string;
  riskScore: number;
  openedAt: string;
  slaDueAt: string;
  assignedTo: string | null;
  reportedToBankAt: string | null;
  reportedToBankBy: string | null;
  calls?: number;
  complaints?: number;
  sla: Sla;
}

export interface CaseEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  body: Record<string, unknown>;
}

export interface CaseDetail {
  case: CaseSummary & { allowedTransitions: CaseStatus[]; resolution: string | null; followUpNote: string | null };
  calls: { call: CallInfo; findings: Finding[] }[];
  events: CaseEvent[];
  complaints: { id: number; channel: string; receivedAt: string; content: string; borrowerRequest: string | null; createdBy: string }[];
  draft: { causeAnalysis: string; disputeHandling: string; lessonsLearned: string };
}
