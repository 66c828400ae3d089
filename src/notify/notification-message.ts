import type { NotifiableEvent } from '../store/notify/notify-cursor.ts';

/**
 * The case events people are told about. A new complaint (not a case opened by triage: those are
 * many and reviewed in the app, and announcing them would drown the complaints), an assignment,
 * a deadline about to run out, and one that ran out.
 */
export const NOTIFIED_KINDS = ['complaint_added', 'assigned', 'deadline_warning', 'deadline_breached'] as const;
export type NotifiedKind = (typeof NOTIFIED_KINDS)[number];

export function isNotifiedKind(kind: string): kind is NotifiedKind {
  return (NOTIFIED_KINDS as readonly string[]).includes(kind);
}

/** The deadline of a warning or breach (body written by the case module). */
export interface DeadlineInfo {
  name: string;
  dueAt: string | null;
  threshold: number | null;
}

export function deadlineOf(body: Record<string, unknown>): DeadlineInfo | null {
  if (typeof body.deadline !== 'string') return null;
  return {
    name: body.deadline,
    dueAt: typeof body.dueAt === 'string' ? body.dueAt : null,
    threshold: typeof body.threshold === 'number' ? body.threshold : null,
  };
}

/** Who a case was given to: `assignee` (the procedure's events) or `to` (older assignment events). */
export function assigneeOf(body: Record<string, unknown>): string | null {
  const v = body.assignee ?? body.to;
  return typeof v === 'string' && v !== '' ? v : null;
}

const DEADLINE_NAMES: Record<string, { zh: string; en: string }> = {
  first_response: { zh: '首次响应', en: 'first response to the complainant' },
  report_to_bank: { zh: '报告银行', en: 'report to the bank' },
  solution: { zh: '解决方案', en: 'solution' },
  written_report: { zh: '书面报告', en: 'written report' },
  follow_up: { zh: '回访', en: 'follow-up call' },
  risk_review: { zh: '风险复核', en: 'risk review' },
  regulator: { zh: '银行答复监管时限', en: "the bank's regulatory decision" },
};

/** "2026-03-02 10:00 UTC": staff across time zones read the same instant. */
function utc(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface NotificationMessage {
  subject: string;
  /** Chinese first, then English: one message serves staff of both markets. */
  text: string;
  /** The webhook's JSON body: ids, kinds and instants only. */
  payload: Record<string, unknown>;
}

/**
 * The message about one event, in both languages. Built from ids, the bank and the deadline only:
 * no borrower name, number or complaint text leaves by e-mail or webhook (the link leads to the
 * case, behind sign-in).
 */
export function buildNotificationMessage(event: NotifiableEvent, deliveryId: number, publicUrl: string): NotificationMessage {
  const kind = event.kind as NotifiedKind;
  const link = `${publicUrl}/cases/${event.caseId}`;
  const deadline = deadlineOf(event.body);
  const dName = deadline ? (DEADLINE_NAMES[deadline.name] ?? { zh: deadline.name, en: deadline.name }) : null;
  const pct = deadline?.threshold != null ? `${Math.round(deadline.threshold * 100)}%` : '';
  const assignee = assigneeOf(event.body);
  const head: Record<NotifiedKind, { zh: string; en: string }> = {
    complaint_added: { zh: '新投诉', en: 'New complaint' },
    assigned: { zh: '案件已指派', en: 'Case assigned' },
    deadline_warning: { zh: `时限预警：${dName?.zh ?? ''}已用 ${pct}`, en: `Deadline warning: ${pct} of the time for the ${dName?.en ?? ''} used` },
    deadline_breached: { zh: `已超时：${dName?.zh ?? ''}`, en: `Deadline missed: ${dName?.en ?? ''}` },
  };
  const h = head[kind];
  const zh = [`${h.zh}`, `案件：#${event.caseId}`, `银行：${event.bank}`];
  const en = [`${h.en}`, `Case: #${event.caseId}`, `Bank: ${event.bank}`];
  if (deadline) {
    zh.push(`截止时间：${utc(deadline.dueAt)}`);
    en.push(`Due: ${utc(deadline.dueAt)}`);
  }
  if (kind === 'assigned') {
    zh.push(`处理人：${assignee ?? '（未指派）'}`);
    en.push(`Assignee: ${assignee ?? '(nobody)'}`);
  }
  zh.push(`查看：${link}`);
  en.push(`Open: ${link}`);
  return {
    subject: `[callguard] ${h.zh} / ${h.en} · #${event.caseId} · ${event.bank}`,
    text: `${zh.join('\n')}\n\n${en.join('\n')}\n`,
    payload: {
      deliveryId,
      event: { id: event.id, kind, at: event.at.toISOString() },
      caseId: event.caseId,
      bank: event.bank,
      ...(deadline ? { deadline } : {}),
      ...(kind === 'assigned' ? { assignee } : {}),
      link,
    },
  };
}
