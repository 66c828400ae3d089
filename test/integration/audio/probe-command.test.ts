import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFiles } from '../../../src/cli/probe-command.ts';
import { BAD_AUDIO_DIR, FIXTURE_CALLS_DIR } from '../../../scripts/generate-fixtures.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('callguard probe', () => {
  it('reports usable recordings and the reason for unusable ones; exit 1 when any is unusable', async () => {
    const c = capture();
    const code = await probeFiles(
      [path.join(FIXTURE_CALLS_DIR, 'en-violation.m4a'), path.join(BAD_AUDIO_DIR, 'zero-channels.wav')],
      { layout: 'agent-left', json: true },
      c.output,
    );
    expect(code).toBe(1);
    const [good, bad] = c.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(good).toMatchObject({ ok: true, codec: 'aac', channels: 2, sampleRate: 8000, silentChannels: [] });
    expect(bad).toMatchObject({ ok: false, reason: 'zero_channels' });
  });

  it('exit 0 when all are usable; a bad --layout is a usage error', async () => {
    const c = capture();
    expect(await probeFiles([path.join(FIXTURE_CALLS_DIR, 'en-violation.amr')], { layout: 'mono', json: false }, c.output)).toBe(0);
    expect(c.out[0]).toMatch(/^en-violation\.amr\tamr amr_nb 8000 Hz 1 ch\t11\.4\d s$/);
    expect(await probeFiles(['x.wav'], { layout: 'left', json: false }, c.output)).toBe(2);
    expect(c.err[0]).toMatch(/--layout must be one of/);
  });
});
