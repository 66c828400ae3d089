import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export const S3_BUCKET = 'recordings';
/** s3rver takes any key pair whose signature checks out with these. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  endpoint: string;
  port: number;
  /** s3rver's data directory. */
  dir: string;
  /** Where s3rver keeps an object's bytes (the file a test alters to corrupt it). */
  objectFile(key: string): string;
  stop(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on a free port of 127.0.0.1, its data in a temp directory. */
export async function startS3Server(): Promise<TestS3Server> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true, configureBuckets: [{ name: S3_BUCKET, configs: [] }] });
  const { port } = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    dir,
    objectFile: (key) => path.join(dir, S3_BUCKET, `${key}._S3rver_object`),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
