import type { BankReport, ReportFinding } from './bank-report.ts';
import { REPORT_LABELS } from './report-labels.ts';

/**
 * The report laid out once, as a list of blocks, for both renderers: the DOCX and the PDF print the
 * same blocks in the same order, each in its own format, so the two files cannot say different
 * things. Blocks carry finished text (labels, times at the case's offset); renderers only style.
 */
export type ReportBlock =
  | { kind: 'letterhead'; name: string; lines: string[] }
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'para'; text: string; tone: 'normal' | 'muted' | 'alert' }
  | { kind: 'item'; text: string; tone: 'normal' | 'muted' | 'alert' }
  | { kind: 'quote'; text: string }
  | { kind: 'meta'; text: string }
  | { kind: 'line'; text: string; bold: boolean }
  | { kind: 'signature'; name: string; lines: string[]; signLine: string };

/** An instant in the case's time zone, e.g. "2026-03-02 21:20 (UTC+08:00)". */
export function localTime(d: Date | null, offsetMinutes: number, none: string): string {
  if (!d) return none;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')} (${zone})`;
}

/** A position in a recording, mm:ss. */
export const mmss = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function reportBlocks(report: BankReport): ReportBlock[] {
  const L = REPORT_LABELS[report.language];
  const F = L.fields;
  const at = (d: Date | null) => localTime(d, report.utcOffsetMinutes, L.none);
  const out: ReportBlock[] = [];
  const field = (label: string, value: string) => out.push({ kind: 'field', label, value });
  const para = (text: string, tone: 'normal' | 'muted' | 'alert' = 'normal') => out.push(text ? { kind: 'para', text, tone } : { kind: 'para', text: L.notWritten, tone: 'muted' });
  const heading = (text: string) => out.push({ kind: 'heading', text });

  out.push({ kind: 'letterhead', name: report.agency.name, lines: report.agency.lines });
  out.push({ kind: 'title', text: L.title }, { kind: 'subtitle', text: L.subtitle(report.caseId, report.bank) });

  heading(L.sections.facts);
  field(F.borrower, report.borrowerId);
  field(F.kind, L.kinds[report.kind]);
  field(F.opened, at(report.openedAt));
  field(F.openedReason, L.reasons[report.openedReason] ?? report.openedReason);
  if (report.kind === 'complaint') {
    field(F.received, at(report.receivedAt));
    field(F.accepted, at(report.acceptedAt));
    field(F.firstResponse, at(report.firstResponseAt));
    field(F.bankNotified, at(report.bankNotifiedAt));
    if (report.complainant.relation) field(F.relation, L.relations[report.complainant.relation]);
    if (report.complainant.channel) field(F.channel, L.channels[report.complainant.channel] ?? report.complainant.channel);
    if (report.complainant.request) field(F.request, report.complainant.request);
  }
  field(F.status, L.statuses[report.status] ?? report.status);
  field(F.outcome, report.outcome ? L.outcomes[report.outcome] : L.none);
  if (report.reportedToBankAt) field(F.reported, `${at(report.reportedToBankAt)} · ${report.reportedToBankBy ?? ''}`);
  if (report.complaints.length === 0) para(L.noComplaint, 'muted');
  report.complaints.forEach((c, i) => {
    out.push({ kind: 'subheading', text: `${L.complaintN(i + 1)} (${F.channel}${L.colon}${L.channels[c.channel] ?? c.channel}; ${F.received}${L.colon}${at(c.receivedAt)})` });
    para(c.content);
    if (c.request) field(F.request, c.request);
  });

  heading(L.sections.calls);
  para(L.callsIntro(report.calls.length, report.omittedCallCount));
  out.push({ kind: 'meta', text: L.groupsExplained });
  const findingItem = (f: ReportFinding) => {
    const verdict = f.verdict ? ` (${L.verdicts[f.verdict]})` : '';
    out.push({ kind: 'item', text: `[${L.severities[f.severity] ?? f.severity}] ${mmss(f.startMs)}–${mmss(f.endMs)} ${L.categories[f.category]}: ${f.title}${verdict}`, tone: 'normal' });
    if (f.quote) out.push({ kind: 'quote', text: `“${f.quote}”` });
    out.push({ kind: 'meta', text: `${f.ruleId} @ ${f.ruleVersion.slice(0, 12)} · ${f.source}` });
  };
  for (const call of report.calls) {
    out.push({ kind: 'subheading', text: `${L.call} ${call.id} · ${call.startedAt.replace('T', ' ')} · ${L.roles[call.role]}` });
    out.push({ kind: 'meta', text: `${F.agent}${L.colon}${call.agent} · ${F.duration}${L.colon}${call.durationMs === null ? L.none : mmss(call.durationMs)}` });
    if (call.recording !== 'available') {
      para(`${L.recording[call.recording]}${call.failedStage ? L.failedAt(call.failedStage) : ''}`, 'alert');
    }
    const groups = [['confirmed', call.confirmed], ['unreviewed', call.unreviewed], ['signal', call.signals], ['quality', call.quality]] as const;
    for (const [group, findings] of groups) {
      if (findings.length === 0) continue;
      out.push({ kind: 'para', text: L.groups[group], tone: group === 'confirmed' ? 'alert' : 'normal' });
      findings.forEach(findingItem);
    }
    // "No violation" is said only of a call whose recording was heard and read in full.
    if (call.recording === 'available' && call.confirmed.length + call.unreviewed.length + call.quality.length === 0) para(L.noFindings);
    if (call.excerpt.length > 0) {
      out.push({ kind: 'meta', text: L.excerpt });
      for (const line of call.excerpt) out.push({ kind: 'line', text: `[${mmss(line.startMs)}] ${L.speakers[line.speaker] ?? line.speaker}${L.colon}${line.text}`, bold: line.evidence });
    }
  }

  heading(L.sections.contacts);
  if (report.contacts.length === 0) para(L.noContacts, 'muted');
  for (const c of report.contacts) {
    out.push({ kind: 'item', text: `${at(c.at)} · ${L.parties[c.party]} · ${L.contactChannels[c.channel]} · ${c.by}${c.callId ? ` · ${L.call} ${c.callId}` : ''}`, tone: 'normal' });
    out.push({ kind: 'quote', text: c.summary });
  }

  heading(L.sections.cause);
  para(report.causeAnalysis);

  heading(L.sections.resolution);
  field(F.outcome, report.outcome ? L.outcomes[report.outcome] : L.none);
  field(F.solution, report.solution.text || L.notWritten);
  field(F.solutionDue, at(report.solution.dueAt));
  field(F.solutionProposed, at(report.solution.proposedAt));
  if (report.resolution) field(F.legacyResolution, report.resolution);

  heading(L.sections.followUp);
  if (!report.followUp) para(L.noFollowUp, 'muted');
  else {
    field(F.followUpAt, at(report.followUp.at));
    if (report.followUp.callId) field(F.followUpCall, report.followUp.callId);
    if (report.followUp.note) field(F.followUpNote, report.followUp.note);
  }

  heading(L.sections.handling);
  para(report.disputeHandling);
  heading(L.sections.lessons);
  para(report.lessonsLearned);

  heading(L.sections.timeline);
  for (const e of report.timeline) {
    const change = e.kind === 'status' && e.fromStatus && e.toStatus
      ? `${L.colon}${L.statuses[e.fromStatus as keyof typeof L.statuses] ?? e.fromStatus} → ${L.statuses[e.toStatus as keyof typeof L.statuses] ?? e.toStatus}` : '';
    out.push({ kind: 'item', text: `${at(e.at)} · ${e.actor} · ${L.events[e.kind] ?? e.kind}${change}`, tone: 'muted' });
  }

  out.push({ kind: 'signature', name: report.agency.name, lines: report.agency.signature, signLine: L.signatureLine });
  out.push({ kind: 'meta', text: L.generated(report.generatedBy, at(report.generatedAt)) });
  return out;
}

/** Every text a block shows, in order: what a reader of either file must find. */
export function blockTexts(b: ReportBlock): string[] {
  switch (b.kind) {
    case 'letterhead': return [b.name, ...b.lines];
    case 'field': return [b.label, b.value];
    case 'signature': return [b.name, ...b.lines, b.signLine];
    default: return [b.text];
  }
}
