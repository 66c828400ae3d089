import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { systemClock, type Clock } from '../domain/clock.ts';
import {
  assertRangeWithin, assertSha256, AudioNotFoundError, AudioStoreUnavailableError, type AudioStore, type ByteRange, type StoredAudio,
} from './audio-store.ts';
import { copyVerified } from './verified-copy.ts';

export interface S3AudioStoreOptions {
  client: S3Client;
  bucket: string;
  /** '' or a key prefix ending in '/'. */
  prefix: string;
  /** Tries per request (the first included) before the store is said to be unavailable. */
  attempts?: number;
  /** Wait before the second try; doubled for each later one, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where the backoff waits (tests move a ManualClock instead of waiting). */
  clock?: Clock;
  /** Where an upload stream is spooled while its hash (the key) is computed; the system temp dir by default. */
  tempDir?: string;
}

export interface S3ConnectionSettings {
  endpoint?: string | undefined;
  region?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Default: true with an explicit endpoint (MinIO, Ceph RGW and s3rver expect http://host/bucket/key). */
  forcePathStyle?: boolean | undefined;
}

const quiet = () => undefined;
const SILENT_SDK_LOGGER = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

/**
 * A client for any S3-compatible server. The SDK's own retries are off (this store retries with a
 * fresh body each time: a spent file stream cannot be sent again), and it adds no CRC32 trailers
 * unless an operation requires them: several S3-compatible servers refuse those, while Content-MD5,
 * sent with every put, is verified by all of them.
 */
export function createS3Client(settings: S3ConnectionSettings): S3Client {
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region ?? 'us-east-1',
    forcePathStyle: settings.forcePathStyle ?? Boolean(settings.endpoint),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A server that accepts the connection and then says nothing must not hold a stage forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // The SDK would print some failures to the console itself; this store retries them and reports
    // the last one with its reason, in the job's error and the call's status.
    logger: SILENT_SDK_LOGGER,
  });
}

/**
 * Recordings as objects `<prefix>ab/cd/<sha256>`, the directory store's layout, so a directory store
 * is moved into a bucket with a plain sync of its tree (without tmp/). Every put carries the bytes'
 * Content-MD5 so the server refuses what it did not receive intact; every download is hashed and
 * compared with the key. Network errors, timeouts, 5xx and throttling are retried with exponential
 * backoff a bounded number of times, then reported as AudioStoreUnavailableError with the last
 * error as the reason.
 */
export class S3AudioStore implements AudioStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly clock: Clock;
  private readonly tempDir: string;

  constructor(options: S3AudioStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 4_000;
    this.clock = options.clock ?? systemClock;
    this.tempDir = options.tempDir ?? os.tmpdir();
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  key(sha256: string): string {
    assertSha256(sha256);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(filePath: string): Promise<StoredAudio> {
    const { sha256, md5, bytes } = await digestFile(filePath);
    if (await this.has(sha256)) return { sha256, bytes, created: false };
    await this.retrying('store', sha256, undefined, () => this.client.send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.key(sha256),
      // A fresh stream per try: a failed try has consumed (part of) the last one.
      Body: createReadStream(filePath),
      ContentLength: bytes,
      ContentMD5: md5,
      ContentType: 'application/octet-stream',
    })));
    return { sha256, bytes, created: true };
  }

  async putStream(source: Readable): Promise<StoredAudio> {
    // The key is the hash of the whole upload, known only at its end: spooled to a private temp file
    // first (never held in memory), sent from there, removed either way.
    const dir = await mkdtemp(path.join(this.tempDir, 'callguard-upload-'));
    try {
      const file = path.join(dir, 'upload');
      const out = await open(file, 'wx');
      await pipeline(source, out.createWriteStream());
      return await this.put(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.head(sha256);
      return true;
    } catch (err) {
      if (err instanceof AudioNotFoundError) return false;
      throw err;
    }
  }

  async size(sha256: string): Promise<number> {
    const head = await this.head(sha256);
    return head.ContentLength ?? 0;
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    assertRangeWithin(range, await this.size(sha256));
    const got = await this.get(sha256, range);
    return got.Body as Readable;
  }

  async download(sha256: string, file: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    // The whole transfer is retried, not only the request: a connection dropped mid-body leaves a
    // partial file, which copyVerified removes before the next try.
    await this.retrying('read', sha256, options.signal, async () => {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }), { abortSignal: options.signal });
      await copyVerified(got.Body as Readable, file, sha256, options.signal);
    });
  }

  async delete(sha256: string): Promise<void> {
    // S3 answers 204 for a key that is not there: deleting twice is not an error.
    await this.retrying('delete', sha256, undefined, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) })));
  }

  /** Closes the client's pooled connections. */
  close(): void {
    this.client.destroy();
  }

  private head(sha256: string) {
    return this.retrying('look up', sha256, undefined, () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) })));
  }

  private get(sha256: string, range?: ByteRange) {
    return this.retrying('read', sha256, undefined, () => this.client.send(new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.key(sha256),
      ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
    })));
  }

  private async retrying<T>(what: string, sha256: string, signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (isNotFound(err)) throw new AudioNotFoundError(sha256);
        if (signal?.aborted) throw err;
        if (!isTransient(err)) {
          // A refusal (a missing bucket, a denied key) that no retry changes: said at once, with the
          // server's word and the store it concerns.
          if (statusOf(err) === undefined) throw err;
          throw new Error(`audio store ${this.location}: could not ${what} recording ${sha256.slice(0, 12)}…: ${describe(err)}`, { cause: err });
        }
        if (attempt >= this.attempts) {
          throw new AudioStoreUnavailableError(
            `audio store ${this.location} unavailable: could not ${what} recording ${sha256.slice(0, 12)}… after ${attempt} tries: ${describe(err)}`,
            { cause: err },
          );
        }
        await this.clock.sleep(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)), signal ? { signal } : {});
      }
    }
  }
}

/** sha256 (the key) and MD5 (Content-MD5, checked by the server) in one read of the file. */
async function digestFile(filePath: string): Promise<{ sha256: string; md5: string; bytes: number }> {
  // Opened first so a missing file fails here, as the directory store's put does.
  const handle = await open(filePath, 'r');
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of handle.createReadStream()) {
    sha.update(chunk as Buffer);
    md5.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: sha.digest('hex'), md5: md5.digest('base64'), bytes };
}

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function statusOf(err: unknown): number | undefined {
  return (err as SdkError | null)?.$metadata?.httpStatusCode;
}

/** The object is not there (a HEAD's bare 404 included); a missing bucket is a configuration error instead. */
function isNotFound(err: unknown): boolean {
  const e = err as SdkError | null;
  if (e?.name === 'NoSuchBucket') return false;
  return statusOf(err) === 404 || e?.name === 'NoSuchKey' || e?.name === 'NotFound';
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Worth another try: no answer at all, a timeout, a server error or throttling. A 4xx is not. */
function isTransient(err: unknown): boolean {
  const e = err as SdkError | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'AbortError' || e.name === 'AudioIntegrityError') return false;
  const status = statusOf(err);
  if (status !== undefined) return status >= 500 || status === 429 || e.name === 'SlowDown' || e.name === 'RequestTimeout';
  return NETWORK_CODES.has(e.code ?? '') || e.name === 'TimeoutError' || e.$retryable !== undefined;
}

function describe(err: unknown): string {
  const e = err as SdkError & { message?: string };
  const status = statusOf(err);
  return [e.name, e.code, status ? `HTTP ${status}` : undefined, e.message].filter(Boolean).join(': ');
}
