import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAudioLocator } from '../../../src/api/recording-source.ts';
import { repositories } from '../../../src/store/index.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';
import { useApi } from './api-test-kit.ts';
import { locateSeededAudio, seedReviewData } from './seed-review-data.ts';

// The evidence bundle with the recordings in object storage: the recording is fetched, verified,
// into a temp directory for the build (whole audio and ffmpeg clips), and nothing of it stays.

let server: TestS3Server;
let store: S3AudioStore | undefined;
const api = useApi({
  deps: {
    // The seeded recordings, moved into the bucket: the app then reads them from there only.
    locateAudio: async (call) => {
      const file = await locateSeededAudio(call);
      if (!file) return undefined;
      await store!.put(file);
      return storeAudioLocator(store!)(call);
    },
  },
});
let caseId = 0;
beforeAll(async () => {
  server = await startS3Server();
  store = new S3AudioStore({ client: createS3Client({ endpoint: server.endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: 'bundle/' });
  await seedReviewData(api.db);
  caseId = (await api.request('supervisor', { method: 'GET', url: '/api/cases?borrowerId=B-1002' })).json().items[0].id;
});
afterAll(async () => {
  store?.close();
  await server?.stop();
});

const bundleTemps = () => readdirSync(tmpdir()).filter((n) => n.startsWith('callguard-bundle-'));

describe('evidence bundle from the S3 store', () => {
  it('holds the recording as stored in the bucket and a clip cut from it, and leaves no temp copy', async () => {
    const before = bundleTemps();
    const res = await api.request('supervisor', { method: 'POST', url: `/api/cases/${caseId}/report-bundle.zip` });
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { files: { path: string; kind: string; callId?: string; sha256: string }[] };
    const whole = manifest.files.find((f) => f.kind === 'audio' && f.callId === 'zh-abusive')!;
    expect(whole.path).toMatch(/^audio\/zh-abusive\.mp3$/);
    const sha = (await repositories(api.db).calls.get('zh-abusive'))!.audioSha256!;
    expect(createHash('sha256').update(await zip.file(whole.path)!.async('nodebuffer')).digest('hex')).toBe(sha);
    expect(manifest.files.filter((f) => f.kind === 'clip').length).toBeGreaterThan(0);
    expect(bundleTemps()).toEqual(before);
  });

  it('refuses to build a bundle from a recording altered in the bucket', async () => {
    const sha = (await repositories(api.db).calls.get('zh-abusive'))!.audioSha256!;
    const object = server.objectFile(store!.key(sha));
    const bytes = readFileSync(object);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(object, bytes);
    const res = await api.request('supervisor', { method: 'POST', url: `/api/cases/${caseId}/report-bundle.zip` });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).not.toBe('application/zip');
  });
});
