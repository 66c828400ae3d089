import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';

// Which calls a set of paths makes: the fixture directory (metadata files decide), single
// recordings as a drop folder delivers them (with a .meta.json or a delivered transcript), and
// every problem with its file and line while the rest goes through.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-plan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planIngest', () => {
  it('takes a directory\'s calls from its metadata files and leaves other formats of the same calls out', async () => {
    const plan = await planIngest([FIXTURE_DIR]);
    expect(plan.problems).toEqual([]);
    const abusive = plan.calls.find((c) => c.meta.id === 'zh-abusive')!;
    expect(path.basename(abusive.audioPath!)).toBe('zh-abusive.mp3');
    expect(JSON.parse(abusive.transcriptText!).call.id).toBe('zh-abusive');
    expect(plan.calls.find((c) => c.meta.id === 'D-0005')).toMatchObject({ meta: { recording: { present: false } } });
    expect(plan.calls.find((c) => c.meta.id === 'D-0005')!.audioPath).toBeUndefined();
    expect(plan.unreferenced.map((f) => path.extname(f)).sort()).toEqual(expect.arrayContaining(['.amr', '.m4a', '.opus']));
  });

  it('reads a dropped recording\'s metadata from <name>.meta.json, else from its delivered transcript', async () => {
    await copyFile(path.join(FIXTURE_DIR, 'zh-compliant.mp3'), path.join(dir, 'a.mp3'));
    await writeFile(path.join(dir, 'a.meta.json'), JSON.stringify({
      id: 'drop-a', agentId: '7', bank: 'B', borrowerId: 'X', startedAt: '2026-03-02T10:00:00+08:00', direction: 'inbound',
      firstContact: false, language: 'zh-CN', phone: '+8613800000000',
    }));
    await copyFile(path.join(FIXTURE_DIR, 'en-compliant.mp3'), path.join(dir, 'en-compliant.mp3'));
    await copyFile(path.join(FIXTURE_DIR, 'en-compliant.transcript.json'), path.join(dir, 'en-compliant.transcript.json'));
    const a = await planIngest([path.join(dir, 'a.mp3')]);
    expect(a.problems).toEqual([]);
    expect(a.calls).toHaveLength(1);
    expect(a.calls[0]).toMatchObject({ meta: { id: 'drop-a', direction: 'inbound' }, phone: '+8613800000000' });
    expect(a.calls[0]!.meta).not.toHaveProperty('phone');
    const b = await planIngest([path.join(dir, 'en-compliant.mp3')]);
    expect(b.calls.map((c) => c.meta.id)).toEqual(['en-compliant']);
    expect(b.calls[0]!.transcriptText).toBeDefined();
  });

  it('reports problems with file and line and keeps the good calls', async () => {
    await copyFile(path.join(FIXTURE_DIR, 'zh-abusive.mp3'), path.join(dir, 'lonely.mp3'));
    const meta = path.join(dir, 'calls.csv');
    await writeFile(meta, [
      'id,agentId,bank,borrowerId,startedAt,direction,firstContact,language,audio',
      'ok-1,1,B,X,2026-03-02T10:00:00+08:00,outbound,no,zh-CN,a.mp3',
      'bad-1,1,B,X,2026-03-02T10:00:00,outbound,no,zh-CN,a.mp3',
      'gone-1,1,B,X,2026-03-02T10:00:00+08:00,outbound,no,zh-CN,missing.wav',
    ].join('\n'));
    const plan = await planIngest([path.join(dir, 'lonely.mp3')], [meta]);
    expect(plan.calls.map((c) => c.meta.id)).toEqual(['ok-1']);
    expect(plan.problems.map((p) => [path.basename(p.file), p.line])).toEqual([
      ['calls.csv', 3], ['calls.csv', 4], ['lonely.mp3', 0],
    ]);
    expect(plan.problems[1]!.message).toMatch(/missing\.wav not found/);
    expect(plan.problems[2]!.message).toMatch(/no metadata for this recording/);
  });

  it('reports a .meta.json cut short or holding no object as that recording\'s problem, and plans the other recordings', async () => {
    const sub = await mkdtemp(path.join(dir, 'bad-meta-'));
    for (const name of ['cut', 'null', 'good']) await copyFile(path.join(FIXTURE_DIR, 'zh-compliant.mp3'), path.join(sub, `${name}.mp3`));
    await writeFile(path.join(sub, 'cut.meta.json'), '{"id": "drop-cut", "agentId": "7", "ba');
    await writeFile(path.join(sub, 'null.meta.json'), 'null');
    await writeFile(path.join(sub, 'good.meta.json'), JSON.stringify({
      id: 'drop-good', agentId: '7', bank: 'B', borrowerId: 'X', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN',
    }));
    const plan = await planIngest(['cut', 'null', 'good'].map((n) => path.join(sub, `${n}.mp3`)));
    expect(plan.calls.map((c) => c.meta.id)).toEqual(['drop-good']);
    expect(plan.problems.map((p) => [path.basename(p.file), p.line, p.message.split(':')[0]])).toEqual([
      ['cut.meta.json', 1, 'not JSON'], ['null.meta.json', 1, 'not a JSON object (one call\'s metadata, as a row of calls.json)'],
    ]);
  });

  it('takes a folder of delivered transcripts as the calls they are, and leaves the sidecars of its recordings to them', async () => {
    const folder = path.join(dir, 'transcripts-only');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(folder);
    for (const id of ['zh-abusive', 'en-violation']) await copyFile(path.join(FIXTURE_DIR, `${id}.transcript.json`), path.join(folder, `${id}.json`));
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify({ generator: 'dialer export', files: 2 }));
    const plan = await planIngest([folder]);
    expect(plan.problems).toEqual([]);
    expect(plan.calls.map((c) => c.meta.id).sort()).toEqual(['en-violation', 'zh-abusive']);
    expect(plan.calls.every((c) => c.audioPath === undefined && c.transcriptText !== undefined)).toBe(true);
    // The fixture folder: its transcripts are the sidecars of its recordings, so no call comes twice.
    const fixtures = await planIngest([FIXTURE_DIR]);
    expect(fixtures.problems).toEqual([]);
    expect(new Set(fixtures.calls.map((c) => c.meta.id)).size).toBe(fixtures.calls.length);
  });
});
