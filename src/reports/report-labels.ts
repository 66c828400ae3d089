import type { Category } from '../domain/category.ts';
import type { CaseEventKind, CaseOutcome, CaseStatus, ComplainantRelation, ContactChannel, ContactParty } from '../domain/case.ts';
import type { Language } from '../domain/transcript.ts';
import type { FindingGroup, RecordingState, ReportCall } from './bank-report.ts';

/**
 * The report's fixed wording in both languages: Chinese banks get a Chinese report, US creditors
 * an English one (the case's calls decide, see buildBankReport). The vocabularies are typed by the
 * domain's lists, so a new status, category or event kind does not compile without its label.
 */
export interface ReportLabels {
  title: string;
  subtitle: (id: number, bank: string) => string;
  sections: {
    facts: string; calls: string; contacts: string; cause: string; resolution: string; followUp: string;
    handling: string; lessons: string; timeline: string;
  };
  fields: {
    borrower: string; kind: string; opened: string; openedReason: string; received: string; accepted: string;
    firstResponse: string; bankNotified: string; explained: string; status: string; outcome: string; reported: string;
    relation: string; channel: string; request: string; solution: string; solutionDue: string; solutionProposed: string;
    legacyResolution: string; followUpAt: string; followUpNote: string; followUpCall: string; agent: string; duration: string;
  };
  noComplaint: string;
  complaintN: (n: number) => string;
  callsIntro: (cited: number, omitted: number) => string;
  groupsExplained: string;
  call: string;
  roles: Record<ReportCall['role'], string>;
  recording: Record<Exclude<RecordingState, 'available'>, string>;
  failedAt: (stage: string) => string;
  groups: Record<FindingGroup, string>;
  noFindings: string;
  excerpt: string;
  noContacts: string;
  notWritten: string;
  noFollowUp: string;
  signatureLine: string;
  generated: (by: string, at: string) => string;
  none: string;
  colon: string;
  kinds: Record<'risk' | 'complaint', string>;
  statuses: Record<CaseStatus, string>;
  outcomes: Record<CaseOutcome, string>;
  reasons: Record<string, string>;
  channels: Record<string, string>;
  relations: Record<ComplainantRelation, string>;
  parties: Record<ContactParty, string>;
  contactChannels: Record<ContactChannel, string>;
  categories: Record<Category, string>;
  severities: Record<string, string>;
  speakers: Record<string, string>;
  verdicts: Record<string, string>;
  events: Record<CaseEventKind, string>;
}

export const REPORT_LABELS: Record<Language, ReportLabels> = {
  'zh-CN': {
    title: '关于投诉案件的调查处理报告',
    subtitle: (id, bank) => `案件编号 #${id} · 致 ${bank}`,
    sections: {
      facts: '一、投诉事实', calls: '二、相关通话与证据', contacts: '三、沟通记录（解释说明）', cause: '四、原因分析',
      resolution: '五、处理结果与解决方案', followUp: '六、回访', handling: '七、此类争议的处理措施', lessons: '八、经验教训', timeline: '九、处理经过',
    },
    fields: {
      borrower: '借款人编号', kind: '案件类型', opened: '立案时间', openedReason: '立案原因', received: '收到投诉', accepted: '受理时间',
      firstResponse: '首次响应', bankNotified: '首次报告银行', explained: '向借款人解释', status: '当前状态', outcome: '调查结论', reported: '书面报告银行',
      relation: '投诉人身份', channel: '投诉渠道', request: '投诉人诉求', solution: '解决方案', solutionDue: '方案期限', solutionProposed: '方案提出时间',
      legacyResolution: '处理结果', followUpAt: '回访时间', followUpNote: '回访情况', followUpCall: '回访通话', agent: '催收员', duration: '时长',
    },
    noComplaint: '本案由通话质检发现，尚未收到借款人投诉。',
    complaintN: (n) => `投诉 ${n}`,
    callsIntro: (cited, omitted) => `本报告引用 ${cited} 通通话${omitted > 0 ? `；本案另有 ${omitted} 通通话未引用` : ''}。`,
    groupsExplained: '命中分三类列示：质检确认的违规；机器识别、尚未经人工复核的命中（不构成结论）；借款人自身的表达（投诉、困难、要求停止联系等），仅作背景，不视为催收员违规。',
    call: '通话',
    roles: { evidence: '证据通话', contact: '沟通记录所涉通话', follow_up: '回访通话' },
    recording: { missing: '录音缺失：无法判断本通话是否存在违规。', failed: '处理失败：录音未能完成分析，无法判断是否存在违规。', processing: '处理中：录音尚未完成分析。' },
    failedAt: (stage) => `（失败步骤：${stage}）`,
    groups: { confirmed: '质检确认的违规', unreviewed: '机器命中，尚未人工复核', signal: '借款人表达（背景信息，不构成催收员违规）', quality: '录音与转写情况' },
    noFindings: '未发现违规。',
    excerpt: '录音转写摘录（时间为录音内位置；号码已脱敏）',
    noContacts: '尚无沟通记录。',
    notWritten: '（尚未填写）',
    noFollowUp: '尚未回访。',
    signatureLine: '签字：______________    日期：______________',
    generated: (by, at) => `由 ${by} 于 ${at} 生成。身份证、银行卡及电话号码已脱敏。`,
    none: '无',
    colon: '：',
    kinds: { risk: '风险案件', complaint: '投诉案件' },
    statuses: {
      open: '待复核', escalated: '已升级', dismissed: '已排除', closed: '已结案', received: '已接收', accepted: '已受理', investigating: '调查中',
      explained: '已解释', solution_proposed: '已提出方案', resolved: '已有结论', reported_to_bank: '已报告银行', followed_up: '已回访',
    },
    outcomes: { founded: '投诉成立', unfounded: '投诉不成立', partly_founded: '投诉部分成立' },
    reasons: { risk_threshold: '风险分超过阈值', critical_finding: '严重违规', complaint: '借款人投诉', manual: '人工立案' },
    channels: { phone: '电话', letter: '信函', bank: '银行转来', regulator: '监管机构', other: '其他' },
    relations: { borrower: '借款人本人', relative: '借款人亲属', representative: '代理人', other: '其他' },
    parties: { borrower: '借款人', bank: '银行', other: '其他' },
    contactChannels: { phone: '电话', sms: '短信', letter: '信函', visit: '面谈', email: '电子邮件', other: '其他' },
    categories: {
      abuse: '辱骂', unprofessional_language: '不文明用语', threat: '威胁', impersonation: '冒充', misrepresentation: '虚假陈述',
      third_party_disclosure: '向第三方透露', disclosure_missing: '缺少告知', complaint_risk: '投诉表达', cease_request: '要求停止联系',
      vulnerability: '困难或弱势信号', contact_time: '联系时间', contact_frequency: '联系频次', recording: '录音问题',
      transcript_quality: '转写不可靠，需人工听音',
    },
    severities: { low: '低', medium: '中', high: '高', critical: '严重' },
    speakers: { agent: '催收员', customer: '借款人', unknown: '未知', call: '整通通话' },
    verdicts: { confirmed: '质检确认', dismissed: '已驳回' },
    events: {
      opened: '立案', status: '状态变更', assigned: '指派', call_added: '关联通话', finding_added: '新增命中', complaint_added: '收到投诉',
      risk_updated: '风险更新', report_generated: '生成报告', follow_up_recorded: '回访记录', note: '备注', contact_recorded: '沟通记录',
      calls_chosen: '选定通话', kind_changed: '转为投诉案件', deadline_extended: '时限延长', deadline_warning: '时限预警', deadline_breached: '超时',
    },
  },
  'en-US': {
    title: 'Complaint investigation report',
    subtitle: (id, bank) => `Case #${id} · to ${bank}`,
    sections: {
      facts: '1. Facts of the complaint', calls: '2. Calls and evidence', contacts: '3. Contacts (explanations given)', cause: '4. Cause analysis',
      resolution: '5. Outcome and solution', followUp: '6. Follow-up', handling: '7. How such disputes will be handled', lessons: '8. Lessons learned', timeline: '9. Case history',
    },
    fields: {
      borrower: 'Borrower id', kind: 'Case kind', opened: 'Case opened', openedReason: 'Opened because', received: 'Complaint received', accepted: 'Accepted',
      firstResponse: 'First response', bankNotified: 'Creditor first informed', explained: 'Explained to the borrower', status: 'Status', outcome: 'Finding',
      reported: 'Written report to the creditor', relation: 'Complainant', channel: 'Channel', request: 'The complainant asks for', solution: 'Solution',
      solutionDue: 'Solution due', solutionProposed: 'Solution proposed', legacyResolution: 'Resolution', followUpAt: 'Follow-up on',
      followUpNote: 'Follow-up notes', followUpCall: 'Follow-up call', agent: 'Agent', duration: 'duration',
    },
    noComplaint: 'The case was raised by call review; no complaint from the borrower has been received.',
    complaintN: (n) => `Complaint ${n}`,
    callsIntro: (cited, omitted) => `This report cites ${cited} call${cited === 1 ? '' : 's'}${omitted > 0 ? `; ${omitted} other call${omitted === 1 ? '' : 's'} of the case are not cited` : ''}.`,
    groupsExplained: 'Findings are listed in three groups: violations confirmed by QA; machine findings nobody has reviewed yet (not conclusions); and what the borrower said or disclosed (complaint, hardship, a request to stop calling), given as context and never as the agent\'s fault.',
    call: 'Call',
    roles: { evidence: 'evidence', contact: 'call of a contact record', follow_up: 'follow-up call' },
    recording: {
      missing: 'Recording missing: whether this call broke any rule cannot be determined.',
      failed: 'Processing failed: the recording could not be analysed, so whether this call broke any rule cannot be determined.',
      processing: 'Still processing: the recording has not been analysed yet.',
    },
    failedAt: (stage) => ` (failed at: ${stage})`,
    groups: { confirmed: 'Violations confirmed by QA', unreviewed: 'Machine findings, not yet reviewed', signal: 'What the borrower said (context, not an agent violation)', quality: 'Recording and transcript' },
    noFindings: 'No violation found.',
    excerpt: 'Transcript excerpt (times are positions in the recording; numbers masked)',
    noContacts: 'No contact recorded yet.',
    notWritten: '(not written yet)',
    noFollowUp: 'No follow-up yet.',
    signatureLine: 'Signature: ______________    Date: ______________',
    generated: (by, at) => `Generated by ${by} at ${at}. ID, card and phone numbers are masked.`,
    none: 'none',
    colon: ': ',
    kinds: { risk: 'risk case', complaint: 'complaint case' },
    statuses: {
      open: 'to review', escalated: 'escalated', dismissed: 'dismissed', closed: 'closed', received: 'received', accepted: 'accepted', investigating: 'investigating',
      explained: 'explained', solution_proposed: 'solution proposed', resolved: 'resolved', reported_to_bank: 'reported to the creditor', followed_up: 'followed up',
    },
    outcomes: { founded: 'founded', unfounded: 'unfounded', partly_founded: 'partly founded' },
    reasons: { risk_threshold: 'risk score over the threshold', critical_finding: 'critical finding', complaint: 'borrower complaint', manual: 'opened by hand' },
    channels: { phone: 'phone', letter: 'letter', bank: 'via the creditor', regulator: 'regulator', other: 'other' },
    relations: { borrower: 'the borrower', relative: "a borrower's relative", representative: 'a representative', other: 'other' },
    parties: { borrower: 'borrower', bank: 'creditor', other: 'other' },
    contactChannels: { phone: 'phone', sms: 'SMS', letter: 'letter', visit: 'visit', email: 'e-mail', other: 'other' },
    categories: {
      abuse: 'Abuse', unprofessional_language: 'Unprofessional language', threat: 'Threat', impersonation: 'Impersonation',
      misrepresentation: 'Misrepresentation', third_party_disclosure: 'Third-party disclosure', disclosure_missing: 'Missing disclosure', complaint_risk: 'Complaint',
      cease_request: 'Cease request', vulnerability: 'Hardship or vulnerability', contact_time: 'Contact time', contact_frequency: 'Contact frequency',
      recording: 'Recording', transcript_quality: 'Transcript unreliable: listen to the call',
    },
    severities: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
    speakers: { agent: 'Agent', customer: 'Borrower', unknown: 'Unknown', call: 'Whole call' },
    verdicts: { confirmed: 'confirmed by QA', dismissed: 'dismissed' },
    events: {
      opened: 'opened', status: 'status', assigned: 'assigned', call_added: 'calls linked', finding_added: 'finding added', complaint_added: 'complaint received',
      risk_updated: 'risk updated', report_generated: 'report generated', follow_up_recorded: 'follow-up recorded', note: 'note', contact_recorded: 'contact recorded',
      calls_chosen: 'calls chosen', kind_changed: 'became a complaint case', deadline_extended: 'deadline extended', deadline_warning: 'deadline warning', deadline_breached: 'deadline missed',
    },
  },
};
