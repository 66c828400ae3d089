import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server } from '../../helpers/s3-server.ts';
import { describeAudioStore } from './audio-store-spec.ts';

async function flipFirstByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[0] = bytes[0]! ^ 0xff;
  await writeFile(file, bytes);
}

describeAudioStore('DirectoryAudioStore', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-dir-store-'));
  const store = new DirectoryAudioStore(dir);
  return {
    store,
    corrupt: (sha) => flipFirstByte(store.path(sha)),
    uploadTempDir: path.join(dir, 'tmp'),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describeAudioStore('S3AudioStore on s3rver', async () => {
  const server = await startS3Server();
  const uploadTempDir = await mkdtemp(path.join(tmpdir(), 'cg-s3-spool-'));
  const store = new S3AudioStore({
    client: createS3Client({ endpoint: server.endpoint, ...S3_CREDENTIALS }),
    bucket: S3_BUCKET,
    prefix: 'agency-a/',
    tempDir: uploadTempDir,
  });
  return {
    store,
    // The file s3rver keeps the object's bytes in, changed under it: bit rot, or a tampered object.
    corrupt: (sha) => flipFirstByte(server.objectFile(store.key(sha))),
    uploadTempDir,
    async close() {
      store.close();
      await server.stop();
      await rm(uploadTempDir, { recursive: true, force: true });
    },
  };
});
