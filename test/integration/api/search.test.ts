import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from './api-test-kit.ts';
import { seedDashboardData } from './dashboard-seed.ts';

/**
 * Transcript search on the hand-built set (dashboard-seed.ts): d-c1 (first call, agent says 受…委托),
 * d-c2 (traditional characters: agent 還錢, customer 我會投訴你們), d-c3 (first call, simplified,
 * no 委托; the customer says 还钱), d-c4 (English, another bank).
 */
const api = useApi();
beforeAll(async () => {
  await seedDashboardData(api.db);
});

async function search(query: Record<string, string>, role: 'qa_reviewer' | 'supervisor' = 'qa_reviewer') {
  return api.request(role, { method: 'GET', url: `/api/search?${new URLSearchParams(query)}` });
}
async function ids(query: Record<string, string>): Promise<string[]> {
  const res = await search(query);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { hits: { callId: string }[] }).hits.map((h) => h.callId).sort();
}

describe('transcript search', () => {
  it('finds simplified text with traditional characters, and traditional text with simplified ones', async () => {
    expect(await ids({ q: '還錢' })).toEqual(['d-c2', 'd-c3']);
    expect(await ids({ q: '还钱' })).toEqual(['d-c2', 'd-c3']);
    expect(await ids({ q: '投诉' })).toEqual(['d-c2']);
    const res = (await search({ q: '還錢' })).json() as { hits: { callId: string; segments: { text: string }[] }[]; highlights: string[] };
    expect(res.hits.find((h) => h.callId === 'd-c3')!.segments.map((s) => s.text)).toEqual(['是的，我会还钱']);
    expect(res.highlights).toEqual(expect.arrayContaining(['還錢', '还钱']));
  });

  it("searches one speaker's lines", async () => {
    expect(await ids({ q: '还钱', speaker: 'agent' })).toEqual(['d-c2']);
    expect(await ids({ q: '还钱', speaker: 'customer' })).toEqual(['d-c3']);
  });

  it('finds calls that do not contain a phrase, with filters', async () => {
    // First calls without the 受…委托 wording: d-c3 (d-c1 has it; d-c2 is not a first call).
    expect(await ids({ exclude: '委托', firstContact: 'true', language: 'zh-CN' })).toEqual(['d-c3']);
    expect(await ids({ exclude: '委托' })).toEqual(['d-c2', 'd-c3', 'd-c4']);
    // The phrase in traditional characters excludes the same calls.
    expect(await ids({ exclude: '委託', firstContact: 'true', language: 'zh-CN' })).toEqual(['d-c3']);
    // Words to find and a phrase to leave out together.
    expect(await ids({ q: '好', exclude: '还钱' })).toEqual(['d-c1']);
  });

  it('refuses a search with nothing to find or leave out, and digits a masked role may not search', async () => {
    expect((await search({})).statusCode).toBe(400);
    expect((await search({ exclude: '1391' })).statusCode).toBe(403);
    expect((await search({ exclude: '1391' }, 'supervisor')).statusCode).toBe(200);
  });

  it('audits the search with what was left out', async () => {
    await search({ exclude: '委托', firstContact: 'true' });
    const { rows } = await api.db.query<{ after: { exclude: string; callIds: string[] } }>(
      `SELECT after FROM audit_events WHERE action = 'transcript.search' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]!.after.exclude).toBe('委托');
    expect(rows[0]!.after.callIds.sort()).toEqual(['d-c3', 'd-c4']);
  });
});
