import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseAudioStoreUrl } from '../../../src/config.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { closeAudioStore, openAudioStore } from '../../../src/store/open-audio-store.ts';
import { S3AudioStore } from '../../../src/store/s3-audio-store.ts';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('AUDIO_STORE', () => {
  it('reads s3://bucket[/prefix] into a bucket and a prefix ending in /, and nothing else', () => {
    expect(parseAudioStoreUrl('s3://recordings')).toEqual({ bucket: 'recordings', prefix: '' });
    expect(parseAudioStoreUrl('s3://recordings/')).toEqual({ bucket: 'recordings', prefix: '' });
    expect(parseAudioStoreUrl('s3://rec.agency-a/calls//2026/')).toEqual({ bucket: 'rec.agency-a', prefix: 'calls/2026/' });
    for (const bad of ['recordings', 'file:///srv/audio', 's3://', 's3://ab', 's3://Recordings', 's3://rec_ordings', 's3://-rec', 's3://rec/../other', `s3://${'a'.repeat(64)}`]) {
      expect(parseAudioStoreUrl(bad), bad).toBeNull();
    }
  });

  it('lists every bad object-store setting together with the other bad variables', () => {
    expect(problems({ AUDIO_STORE: 'S3://x', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL: 'minio:9000', AWS_S3_FORCE_PATH_STYLE: 'yes', PORT: '0' })).toEqual([
      'PORT: Too small: expected number to be >=1',
      'AUDIO_STORE: s3://bucket or s3://bucket/prefix (a bucket name of 3–63 lower-case letters, digits, dots and hyphens)',
      'AWS_ENDPOINT_URL: an http:// or https:// URL (e.g. http://minio.internal:9000)',
      'AWS_S3_FORCE_PATH_STYLE: Invalid option: expected one of "true"|"false"',
      "AWS_ACCESS_KEY_ID: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (the SDK's default credentials)",
    ]);
    expect(problems({ AUDIO_STORE: 's3://recordings' })).toEqual([
      "AWS_REGION: AUDIO_STORE on AWS S3 needs the bucket's region (or AWS_ENDPOINT_URL for another S3-compatible server)",
    ]);
    expect(problems({ AUDIO_STORE: 's3://recordings', AWS_REGION: 'cn-north-1' })).toEqual([]);
    expect(problems({ AUDIO_STORE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })).toEqual([]);
  });

  it('opens the directory store by default and the S3 store for s3://', async () => {
    const dir = await openAudioStore(loadConfig({ CALLGUARD_DATA_DIR: '/srv/callguard' }));
    expect(dir).toBeInstanceOf(DirectoryAudioStore);
    expect(dir.location).toBe('/srv/callguard/audio');
    const s3 = await openAudioStore(loadConfig({ AUDIO_STORE: 's3://recordings/agency-a', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }));
    try {
      expect(s3).toBeInstanceOf(S3AudioStore);
      expect(s3.location).toBe('s3://recordings/agency-a/');
      expect((s3 as S3AudioStore).key('ab'.repeat(32))).toBe(`agency-a/ab/ab/${'ab'.repeat(32)}`);
    } finally {
      closeAudioStore(s3);
    }
  });
});
