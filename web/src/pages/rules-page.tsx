import { api } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface RuleStat {
  ruleId: string;
  ruleVersion: string;
  confirmed: number;
  dismissed: number;
  unreviewed: number;
  precision: number | null;
}

export function RulesPage() {
  const { t } = useI18n();
  const stats = useLoad(() => api<{ rules: RuleStat[] }>('GET', '/api/rules/precision'), []);
  if (stats.error) return <LoadError error={stats.error} />;
  return (
    <section>
      <h1>{t('rules.title')}</h1>
      <table className="grid" data-testid="precision">
        <thead><tr><th>{t('rules.rule')}</th><th>{t('rules.version')}</th><th>{t('rules.confirmed')}</th><th>{t('rules.dismissed')}</th><th>{t('rules.unreviewed')}</th><th>{t('rules.precision')}</th></tr></thead>
        <tbody>
          {(stats.data?.rules ?? []).map((r) => (
            <tr key={`${r.ruleId}@${r.ruleVersion}`}>
              <td>{r.ruleId}</td><td><code>{r.ruleVersion.slice(0, 12)}</code></td>
              <td className="num">{r.confirmed}</td><td className="num">{r.dismissed}</td><td className="num">{r.unreviewed}</td>
              <td className="num">{r.precision === null ? '—' : `${Math.round(r.precision * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
