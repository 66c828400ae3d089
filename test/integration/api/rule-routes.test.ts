import { describe, expect, it } from 'vitest';
import type { RulePackOps } from '../../../src/api/api-deps.ts';
import { packFilesIn } from '../../../src/pipeline/rule-pack-source.ts';
import type { RescanFilter } from '../../../src/store/rescan-calls.ts';
import { listAuditEvents } from '../../../src/store/review-app/audit-events.ts';
import { RulePacksRepository } from '../../../src/store/index.ts';
import { useApi } from './api-test-kit.ts';

/**
 * The Rules page's routes on the shipped rules directory: reading the rules, publishing uploaded
 * files or the server's directory (a broken pack answered 422 with file:line:col), rollback, and
 * the re-scan hand-off (collected here as the dispatcher would take it).
 */
const rescans: RescanFilter[] = [];
const rulePacks: RulePackOps = {
  rulesDir: 'rules',
  async rescan(filter) {
    rescans.push(filter);
    return { calls: 3, packs: [{ language: 'en-US', packHash: 'ab'.repeat(32), calls: 3 }] };
  },
};

const EN = packFilesIn('rules/en-US');
const edited = (edit: (s: string) => string) => EN.map((f) => (f.path === 'abuse.yaml' ? { path: f.path, content: edit(f.content) } : f));

describe('rule routes', () => {
  const api = useApi({ deps: { rulePacks } });

  it('show every rule in effect with its examples, word classes and where it is written', async () => {
    const res = await api.request('compliance_officer', { method: 'GET', url: '/api/rules' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.packs.map((p: { language: string; origin: string }) => [p.language, p.origin]).sort()).toEqual([['en-US', 'directory'], ['zh-CN', 'directory']]);
    const insult = body.rules.find((r: { id: string }) => r.id === 'en.abuse.insult');
    expect(insult).toMatchObject({ language: 'en-US', severity: 'high', category: 'abuse', file: 'abuse.yaml', enabled: true });
    expect(insult.title['en-US']).toBe('Insulting or demeaning the borrower');
    expect(insult.examples.match.length).toBeGreaterThanOrEqual(3);
    expect(insult.examples.noMatch.length).toBeGreaterThanOrEqual(3);
    expect(body.rules.some((r: { lexicons: string[] }) => r.lexicons.length > 0)).toBe(true);
    expect((await api.request('qa_reviewer', { method: 'GET', url: '/api/rules' })).statusCode).toBe(403);
  });

  it('refuse a broken pack with 422 naming file:line:col, and store nothing', async () => {
    const files = edited((s) => s.replace(/( {2}- id: en\.abuse\.insult\n)/, '$1    colour: red\n'));
    const res = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', files, message: 'typo' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'pack_refused' });
    expect(res.json().message).toMatch(/en-US\/abuse\.yaml:\d+:\d+: .*colour/);
    expect(await new RulePacksRepository(api.db).list()).toEqual([]);
    const bad = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', files: [{ path: '../x.yaml', content: 'a: 1' }], message: 'm' } });
    expect(bad.statusCode).toBe(422);
  });

  it('publish the server\'s directory and uploaded files as versions with their diff, audited; only officers and admins', async () => {
    const denied = await api.request('supervisor', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', fromServer: true, message: 'x' } });
    expect(denied.statusCode).toBe(403);
    const first = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', fromServer: true, message: 'as shipped' } });
    expect(first.statusCode).toBe(200);
    const v1 = first.json().version;
    expect(v1).toMatchObject({ language: 'en-US', active: true, publishedBy: 'compliance_officer', message: 'as shipped', previousHash: null });
    const again = await api.request('admin', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', fromServer: true, message: 'again' } });
    expect(again.statusCode).toBe(409);

    const files = edited((s) => s.replace('en-US: Insulting or demeaning the borrower', 'en-US: Insulting the borrower'));
    const second = await api.request('admin', { method: 'POST', url: '/api/rules/publish', payload: { language: 'en-US', files, message: 'shorter title' } });
    expect(second.statusCode).toBe(200);
    const v2 = second.json().version;
    expect(v2).toMatchObject({ previousHash: v1.hash, rules: [{ ruleId: 'en.abuse.insult', change: 'changed', matchingChanged: false }], files: [{ path: 'abuse.yaml', status: 'changed' }] });
    const diff = await api.request('compliance_officer', { method: 'GET', url: `/api/rules/versions/${v2.id}` });
    expect(diff.statusCode).toBe(200);
    expect(diff.json().diff[0].unified).toContain('+      en-US: Insulting the borrower');

    const catalogue = (await api.request('compliance_officer', { method: 'GET', url: '/api/rules' })).json();
    expect(catalogue.packs.find((p: { language: string }) => p.language === 'en-US')).toMatchObject({ origin: 'published', version: v2.id, message: 'shorter title' });
    expect(catalogue.history.filter((h: { ruleId: string }) => h.ruleId === 'en.abuse.insult').map((h: { version: number; change: string }) => [h.version, h.change]))
      .toEqual([[v2.id, 'changed'], [v1.id, 'added']]);
    const events = await listAuditEvents(api.db, { entityType: 'rule_pack', limit: 10, banks: null });
    expect(events.map((e) => [e.action, e.actor, e.entityId])).toEqual([['rule_pack.publish', 'admin', v2.hash], ['rule_pack.publish', 'compliance_officer', v1.hash]]);
  });

  it('roll back to an earlier version, audited; an unknown version is 404', async () => {
    const { versions } = (await api.request('compliance_officer', { method: 'GET', url: '/api/rules/versions' })).json();
    const first = versions[versions.length - 1];
    const res = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/rollback', payload: { version: String(first.id), message: 'title was clearer' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toMatchObject({ id: first.id, active: true });
    expect((await new RulePacksRepository(api.db).getActive('en-US'))?.contentHash).toBe(first.hash);
    const after = (await api.request('compliance_officer', { method: 'GET', url: '/api/rules/versions' })).json();
    expect(after.activations[0]).toMatchObject({ action: 'rollback', hash: first.hash, actor: 'compliance_officer', message: 'title was clearer' });
    const missing = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/rollback', payload: { version: '9999', message: 'x' } });
    expect(missing.statusCode).toBe(404);
    const events = await listAuditEvents(api.db, { entityType: 'rule_pack', limit: 10, banks: null });
    expect(events[0]).toMatchObject({ action: 'rule_pack.rollback', actor: 'compliance_officer', entityId: first.hash });
  });

  it('hand a re-scan to the dispatcher with its window, audited', async () => {
    const res = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/rescan', payload: { since: '2026-03-01', language: 'en-US' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ calls: 3, packs: [{ language: 'en-US', packHash: 'ab'.repeat(32), calls: 3 }] });
    expect(rescans).toEqual([{ since: new Date('2026-03-01T00:00:00Z'), language: 'en-US' }]);
    const bad = await api.request('compliance_officer', { method: 'POST', url: '/api/rules/rescan', payload: { since: 'yesterday' } });
    expect(bad.statusCode).toBe(400);
    const events = await listAuditEvents(api.db, { entityType: 'rule_pack', limit: 20, banks: null });
    expect(events.some((e) => e.action === 'rule_pack.rescan')).toBe(true);
  });
});
