import { useEffect, useRef, useState } from 'react';
import { api } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { Finding, Segment, Severity } from '../types.ts';
import type { RuleChoices } from '../qa-types.ts';
import { LoadError, useLoad } from './load.tsx';

const CATEGORIES = [
  'abuse', 'unprofessional_language', 'threat', 'impersonation', 'misrepresentation', 'third_party_disclosure',
  'disclosure_missing', 'complaint_risk', 'cease_request', 'vulnerability', 'contact_time', 'contact_frequency', 'recording',
] as const;
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

type RuleChoice = RuleChoices['rules'][number];

/**
 * The picker's rules by category (in the form's category order), narrowed to those whose id or title
 * contains every word searched for; the rule already chosen stays listed so the select keeps showing it.
 */
function ruleGroups(rules: RuleChoice[], search: string, chosen: string): Array<[string, RuleChoice[]]> {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = rules.filter((r) => r.ruleId === chosen || words.every((w) => r.ruleId.toLowerCase().includes(w) || r.title.toLowerCase().includes(w)));
  return CATEGORIES.map((c) => [c, shown.filter((r) => r.category === c).sort((a, b) => a.ruleId.localeCompare(b.ruleId))] as [string, RuleChoice[]])
    .filter(([, group]) => group.length > 0);
}

/**
 * A finding the rules missed: the reviewer selects words of one segment (the offsets are sent; the
 * server cuts the quote from the stored text) or gives a time range of the audio, picks the rule
 * that should have caught it or "no rule: missed" with a category and severity, and saves.
 */
export function ManualFindingForm({ callId, segments, segmentIndex, positionMs, onSaved, onCancel }: {
  callId: string;
  segments: Segment[];
  segmentIndex: number | null;
  positionMs: number;
  onSaved: (f: Finding) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const rules = useLoad(() => api<RuleChoices>('GET', `/api/qa/rules?callId=${encodeURIComponent(callId)}`), [callId]);
  const [ruleSearch, setRuleSearch] = useState('');
  const [ruleId, setRuleId] = useState('');
  const groups = ruleGroups(rules.data?.rules ?? [], ruleSearch, ruleId);
  const [segment, setSegment] = useState<number | null>(segmentIndex);
  const [range, setRange] = useState<[number, number] | null>(null);
  const [startS, setStartS] = useState((positionMs / 1000).toFixed(1));
  const [endS, setEndS] = useState(((positionMs + 3000) / 1000).toFixed(1));
  const [category, setCategory] = useState<string>('abuse');
  const [severity, setSeverity] = useState<Severity>('high');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const textRef = useRef<HTMLParagraphElement>(null);
  const seg = segment === null ? null : segments.find((s) => s.index === segment) ?? null;

  // The selection is read as offsets into the segment's one text node, whenever it changes.
  useEffect(() => {
    const onSelection = () => {
      const sel = document.getSelection();
      const el = textRef.current;
      if (!sel || sel.rangeCount === 0 || !el) return;
      const r = sel.getRangeAt(0);
      if (!el.contains(r.startContainer) || !el.contains(r.endContainer) || r.collapsed) return;
      setRange([Math.min(r.startOffset, r.endOffset), Math.max(r.startOffset, r.endOffset)]);
    };
    document.addEventListener('selectionchange', onSelection);
    return () => document.removeEventListener('selectionchange', onSelection);
  }, []);
  useEffect(() => setRange(null), [segment]);

  const save = async () => {
    setError(null);
    try {
      const body = {
        ...(ruleId ? { ruleId } : { category, severity }),
        startMs: Math.round(Number(startS) * 1000),
        endMs: Math.round(Number(endS) * 1000),
        ...(seg ? { segmentIndex: seg.index, ...(range ? { textStart: range[0], textEnd: range[1] } : {}) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      const r = await api<{ finding: Finding }>('POST', `/api/calls/${encodeURIComponent(callId)}/manual-findings`, body);
      onSaved(r.finding);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="manual-finding" data-testid="manual-finding-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{t('qa.manual.title')}</h3>
      <p className="muted small">{t('qa.manual.selectHint')}</p>
      <label>{t('qa.manual.segment')}
        <select data-testid="mf-segment" value={segment ?? ''} onChange={(e) => setSegment(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{t('qa.manual.noSegment')}</option>
          {segments.map((s) => <option key={s.index} value={s.index}>{s.index + 1}. {s.text.slice(0, 24)}</option>)}
        </select>
      </label>
      {seg ? (
        <>
          <p ref={textRef} className="selectable" data-testid="mf-text">{seg.text}</p>
          {range && <p className="small" data-testid="mf-selection">{t('qa.manual.selection', { text: seg.text.slice(range[0], range[1]) })}</p>}
        </>
      ) : (
        <div className="filters">
          <label>{t('qa.manual.start')}<input data-testid="mf-start" type="number" step="0.1" min={0} value={startS} onChange={(e) => setStartS(e.target.value)} /></label>
          <label>{t('qa.manual.end')}<input data-testid="mf-end" type="number" step="0.1" min={0} value={endS} onChange={(e) => setEndS(e.target.value)} /></label>
          {/* Play or click the waveform to the moment, then take it. */}
          <button type="button" data-testid="mf-start-here" onClick={() => setStartS((positionMs / 1000).toFixed(1))}>{t('qa.manual.startHere')}</button>
          <button type="button" data-testid="mf-end-here" onClick={() => setEndS((positionMs / 1000).toFixed(1))}>{t('qa.manual.endHere')}</button>
        </div>
      )}
      <label>{t('qa.manual.rule')}
        <input type="search" data-testid="mf-rule-search" placeholder={t('qa.manual.ruleSearch')} value={ruleSearch} onChange={(e) => setRuleSearch(e.target.value)} />
        {/* While searching, the matches are shown open as a list rather than behind a closed menu. */}
        <select data-testid="mf-rule" value={ruleId} onChange={(e) => setRuleId(e.target.value)}
          size={ruleSearch ? Math.min(12, 1 + groups.reduce((n, [, g]) => n + 1 + g.length, 0)) : undefined}>
          <option value="">{t('qa.manual.noRule')}</option>
          {groups.map(([c, group]) => (
            <optgroup key={c} label={t(`category.${c}` as MessageKey)} data-testid={`mf-rule-group-${c}`}>
              {group.map((r) => <option key={r.ruleId} value={r.ruleId}>{r.title ? `${r.title} (${r.ruleId})` : r.ruleId}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      {rules.error ? <LoadError error={rules.error} /> : null}
      {!ruleId && (
        <div className="filters">
          <label>{t('qa.manual.category')}
            <select data-testid="mf-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {CATEGORIES.map((c) => <option key={c} value={c}>{t(`category.${c}` as MessageKey)}</option>)}
            </select>
          </label>
          <label>{t('qa.manual.severity')}
            <select data-testid="mf-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => <option key={s} value={s}>{t(`severity.${s}`)}</option>)}
            </select>
          </label>
        </div>
      )}
      <label>{t('finding.note')}<textarea data-testid="mf-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></label>
      {error ? <LoadError error={error} /> : null}
      <div className="actions">
        <button type="submit" data-testid="mf-save">{t('qa.manual.save')}</button>
        <button type="button" className="link" onClick={onCancel}>{t('finding.cancel')}</button>
      </div>
    </form>
  );
}
