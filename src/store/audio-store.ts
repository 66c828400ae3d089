import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Recordings stored by the sha256 of their bytes: the same recording twice is one object, an object
 * can never be silently replaced by different content, and every read can be checked against its
 * name. Two implementations: a directory (directory-audio-store.ts, the default) and S3-compatible
 * object storage (s3-audio-store.ts, a fleet's shared store). The interface speaks of hashes,
 * streams and files the caller owns: object storage has no local path to hand out, so tools that
 * read files (ffmpeg, the engines) get a verified copy in a temp directory they remove themselves.
 */
export interface AudioStore {
  /** Stores the file's bytes (streamed, never whole in memory). */
  put(filePath: string): Promise<StoredAudio>;
  /** Stores a stream (an HTTP upload). */
  putStream(source: Readable): Promise<StoredAudio>;
  has(sha256: string): Promise<boolean>;
  /** Byte size; throws AudioNotFoundError when absent. */
  size(sha256: string): Promise<number>;
  /**
   * Reads the recording, optionally a byte range (inclusive, as in HTTP Range). Not verified (a
   * range cannot be): for playback. What a stage analyses comes from `download`.
   */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  /**
   * Writes the recording to `file` (which must not exist; the caller's temp directory) and checks
   * that what arrived hashes to `sha256`: AudioIntegrityError when not (the file is removed),
   * AudioNotFoundError when absent.
   */
  download(sha256: string, file: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Removes the recording; idempotent, since a purge run twice or concurrently must not fail. */
  delete(sha256: string): Promise<void>;
  /** Where the recordings are, for messages and logs (a directory, or s3://bucket/prefix). */
  readonly location: string;
}

/** Inclusive byte range, as in HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredAudio {
  sha256: string;
  bytes: number;
  /** false when the same bytes were already stored. */
  created: boolean;
}

export class AudioNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`no recording with sha256 ${sha256} in the audio store`);
    this.name = 'AudioNotFoundError';
  }
}

/**
 * The bytes read back do not hash to the recording's name: the stored object was altered or
 * damaged. Never retried (reading again returns the same bytes) and never passed on as the call's
 * audio: the call fails with this as its reason.
 */
export class AudioIntegrityError extends Error {
  constructor(readonly sha256: string, readonly actual: string, readonly bytes: number) {
    super(`recording ${sha256.slice(0, 12)}… in the audio store is corrupt: its ${bytes} bytes hash to ${actual.slice(0, 12)}…, not to its name`);
    this.name = 'AudioIntegrityError';
  }
}

/** The store could not be reached (or kept failing) after every retry; `cause` is the last error. */
export class AudioStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioStoreUnavailableError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
  // Also what keeps a hash from being a path (../) into the file system or another key.
  if (!SHA256.test(sha256)) throw new RangeError(`not a sha256 hex digest: ${JSON.stringify(sha256)}`);
}

/** Refuses a range outside the recording, before any byte is read. */
export function assertRangeWithin(range: ByteRange | undefined, size: number): void {
  if (range && (range.start < 0 || range.end < range.start || range.end >= size)) {
    throw new RangeError(`byte range ${range.start}-${range.end} outside 0-${size - 1}`);
  }
}

/** Re-reads a stored recording and checks its bytes still hash to its name (backup restore checks). */
export async function verifyStoredAudio(store: AudioStore, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  for await (const chunk of await store.open(sha256)) hash.update(chunk as Buffer);
  return hash.digest('hex') === sha256;
}
