/**
 * Why a reviewer dismissed a finding. A fixed list (plus free text) so that dismissals can be
 * counted per rule: "asr_error" points at transcription, "context" and "rule_too_broad" at the
 * rule, which is what compliance officers tune.
 */
export const DISMISS_REASONS = [
  'asr_error', // the transcript is wrong: the words were not said
  'wrong_speaker', // said by the other party (e.g. the borrower, quoted back)
  'context', // said, but harmless in context
  'rule_too_broad', // the rule matches things it should not
  'duplicate', // the same event is already a finding
  'other',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
