import path from 'node:path';
import { parseAudioStoreUrl, type Config } from '../config.ts';
import type { AudioStore } from './audio-store.ts';
import { DirectoryAudioStore } from './directory-audio-store.ts';

type AudioStoreConfig = Pick<Config, 'CALLGUARD_DATA_DIR' | 'AUDIO_STORE' | 'AWS_ENDPOINT_URL' | 'AWS_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_S3_FORCE_PATH_STYLE'>;

/** Where recordings are kept when AUDIO_STORE is unset: `${CALLGUARD_DATA_DIR}/audio`. */
export function audioDirectory(config: Pick<Config, 'CALLGUARD_DATA_DIR'>): string {
  return path.join(config.CALLGUARD_DATA_DIR, 'audio');
}

/**
 * The configured audio store: S3-compatible object storage for AUDIO_STORE=s3://…, else the directory.
 * The S3 SDK is loaded only then: every command opens a store, and most never need the SDK.
 */
export async function openAudioStore(config: AudioStoreConfig, options: { tempDir?: string } = {}): Promise<AudioStore> {
  if (!config.AUDIO_STORE) return new DirectoryAudioStore(audioDirectory(config));
  const url = parseAudioStoreUrl(config.AUDIO_STORE);
  // loadConfig refuses such a value; a caller that built its config by hand gets the same word.
  if (!url) throw new Error(`AUDIO_STORE must be s3://bucket or s3://bucket/prefix, not ${config.AUDIO_STORE}`);
  const { createS3Client, S3AudioStore } = await import('./s3-audio-store.ts');
  const client = createS3Client({
    endpoint: config.AWS_ENDPOINT_URL,
    region: config.AWS_REGION,
    accessKeyId: config.AWS_ACCESS_KEY_ID,
    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
    forcePathStyle: config.AWS_S3_FORCE_PATH_STYLE === undefined ? undefined : config.AWS_S3_FORCE_PATH_STYLE === 'true',
  });
  return new S3AudioStore({ client, bucket: url.bucket, prefix: url.prefix, ...(options.tempDir ? { tempDir: options.tempDir } : {}) });
}

/** Lets go of the store's connections (the S3 client's sockets); the directory store holds none. */
export function closeAudioStore(store: AudioStore): void {
  if ('close' in store && typeof store.close === 'function') store.close();
}
