import { lstat, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../domain/clock.ts';
import { isPermanent } from '../errors.ts';

/**
 * A drop folder the dialer writes recordings into. A file is taken only once it is complete: a
 * `<name>.done` marker beside it, or the same size and modification time on two polls in a row
 * (the writer has stopped). Taking a half-written recording would store a truncated call for good.
 */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
}

export const AUDIO_EXTENSIONS = new Set(['.wav', '.mp3', '.m4a', '.aac', '.ogg', '.opus', '.amr', '.awb', '.flac', '.gsm', '.wma', '.webm']);

export function isRecording(file: string): boolean {
  return AUDIO_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Pure decision: which files are complete, given this poll's listing and the previous one. */
export class StabilityTracker {
  private previous = new Map<string, FileSnapshot>();

  /**
   * @param listing name → snapshot for every recording now in the folder
   * @param markers names that have a `.done` marker
   * @returns names complete now (each returned once per content: a file is forgotten when taken)
   */
  poll(listing: ReadonlyMap<string, FileSnapshot>, markers: ReadonlySet<string>): string[] {
    const ready: string[] = [];
    const next = new Map<string, FileSnapshot>();
    for (const [name, snap] of listing) {
      const before = this.previous.get(name);
      const stable = before !== undefined && before.size === snap.size && before.mtimeMs === snap.mtimeMs && snap.size > 0;
      if (markers.has(name) || stable) ready.push(name);
      else next.set(name, snap);
    }
    this.previous = next;
    return ready.sort();
  }

  /**
   * Offer a file returned by the last poll again on the next one if it is still unchanged: it was
   * complete but not taken yet (waiting for its metadata). Changed by then, it is being rewritten
   * and has to be seen stable again, as any other file.
   */
  hold(name: string, snap: FileSnapshot): void {
    this.previous.set(name, snap);
  }
}

/**
 * Pure decision: which complete recordings to take now and which to give more time for their
 * metadata. Dialers often write the recording and its `.meta.json` from different processes (the
 * recorder, then a CDR export), so the metadata can land a few seconds after the recording has
 * stopped changing; refusing at once would reject a call that was only late. After `graceMs` with
 * no metadata the recording is taken anyway, and ingest refuses it with the reason, as before.
 */
export class MetadataWait {
  private since = new Map<string, number>();

  constructor(private readonly graceMs: number) {}

  /**
   * @param ready names complete on this poll (held ones included)
   * @param withMetadata names that have a `.meta.json` or delivered transcript beside them
   * @returns take: take these now; wait: hold these for the next poll
   */
  sort(ready: readonly string[], withMetadata: ReadonlySet<string>, now: number): { take: string[]; wait: string[] } {
    const take: string[] = [];
    const wait: string[] = [];
    // Names not offered this poll were taken, changed or removed: their wait starts again if they
    // come back, and nothing piles up here over a watcher's months of running.
    const next = new Map<string, number>();
    for (const name of ready) {
      const since = this.since.get(name) ?? now;
      if (withMetadata.has(name) || now - since >= this.graceMs) take.push(name);
      else {
        wait.push(name);
        next.set(name, since);
      }
    }
    this.since = next;
    return { take, wait };
  }
}

export interface DropFolderOptions {
  dir: string;
  pollMs?: number;
  signal: AbortSignal;
  /**
   * Ingest one complete recording. A PermanentError rejects it (moved to rejected/ with the reason);
   * any other error leaves it in place to be tried again on a later poll (database down, disk full).
   */
  take: (file: string) => Promise<void>;
  onError?: (file: string, err: Error) => void;
  /**
   * Called once the folder has been found at start, before the first poll: from here on a missing
   * folder is an outage to wait out, not a wrong path (so "watching" is logged here, not before).
   */
  onWatching?: () => void;
  /**
   * How long a complete recording with no `.meta.json` or delivered transcript beside it waits for
   * one before it is taken (and refused for want of metadata). Default: three polls; 0 does not wait.
   */
  metadataWaitMs?: number;
  /** The folder could not be read (unmounted, removed): called once per outage, not per poll. */
  onUnavailable?: (err: NodeJS.ErrnoException) => void;
  /** The folder is readable again after an outage that lasted `downMs`. */
  onAvailable?: (downMs: number) => void;
  /** Times the polls, the metadata wait and outages (tests pass one they move by hand). */
  clock?: Clock;
}

export const TAKEN_DIR = 'ingested';
export const REJECTED_DIR = 'rejected';

/**
 * Companion files that travel with a recording: metadata, delivered transcript (under either name
 * the sidecar engine reads: `<name>.transcript.json` or `<file>.transcript.json`), done marker.
 * One left behind would sit in the drop folder for ever, never a recording to take.
 */
export function companions(file: string): string[] {
  const base = file.replace(/\.[^.]+$/, '');
  return [`${base}.meta.json`, `${base}.transcript.json`, `${file}.transcript.json`, `${file}.done`];
}

/** The companions that carry a recording's call metadata (not the `.done` marker). */
function metadataCompanions(file: string): string[] {
  return companions(file).slice(0, 3);
}

/** The note written beside a refused recording in rejected/. */
export function reasonNote(file: string): string {
  return `${file}.reason.txt`;
}

/**
 * Every name one take of `file` can occupy in ingested/ or rejected/: the recording, its
 * companions, the reason note. A destination is free only when all of them are.
 */
export function destinationGroup(file: string): string[] {
  return [file, ...companions(file), reasonNote(file)];
}

/**
 * `file` under the n-th name for a take whose name is already used in the destination: `x.mp3`
 * becomes `x~2.mp3`, so its companions follow as `x~2.meta.json`, `x~2.mp3.reason.txt`, … and one
 * take's files still sort and read together. Dialers reuse names (per-day counters, extensions);
 * without this the second `x.mp3` would overwrite the first and its reason note.
 */
export function numberedName(file: string, n: number): string {
  if (n <= 1) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}~${n}${ext}`;
}

/**
 * Error codes that mean the folder itself cannot be reached for now rather than a bug or a
 * misconfiguration: removed or replaced (ENOENT, ENOTDIR), or a network mount dropping (ESTALE on
 * NFS, ENOTCONN on FUSE/sshfs, EIO, EHOSTDOWN, ETIMEDOUT). Anything else (EACCES, say) stops the
 * watcher with its error: waiting would not fix it.
 */
const UNAVAILABLE_CODES = new Set(['ENOENT', 'ENOTDIR', 'ESTALE', 'ENOTCONN', 'EIO', 'EHOSTDOWN', 'ETIMEDOUT']);

export function isFolderUnavailable(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}

/**
 * The drop folder must exist when the watcher starts. Missing at start is most often a wrong path or
 * a mount not set up: failing at once, with the path, shows that to whoever started it, where a
 * watcher waiting quietly would look healthy and take nothing. (Going away later is an outage; the
 * watcher waits for it to end.)
 */
export async function checkDropFolder(dir: string): Promise<void> {
  let s;
  try {
    s = await stat(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`drop folder ${dir} does not exist: create or mount it before starting the watcher`, { cause: err });
    throw new Error(`drop folder ${dir} cannot be read: ${e.message}`, { cause: err });
  }
  if (!s.isDirectory()) throw new Error(`drop folder ${dir} is not a directory`);
}

interface FolderListing {
  listing: Map<string, FileSnapshot>;
  markers: Set<string>;
  /** Every file's name, for looking up companions without another read of the folder. */
  files: Set<string>;
}

async function listFolder(dir: string): Promise<FolderListing> {
  const listing = new Map<string, FileSnapshot>();
  const markers = new Set<string>();
  const files = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files.add(entry.name);
    if (entry.name.endsWith('.done')) {
      markers.add(entry.name.slice(0, -'.done'.length));
      continue;
    }
    if (!isRecording(entry.name)) continue;
    try {
      const s = await stat(path.join(dir, entry.name));
      listing.set(entry.name, { size: s.size, mtimeMs: s.mtimeMs });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // removed between readdir and stat
    }
  }
  return { listing, markers, files };
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Moves a recording and its companions into `toDir`, under the first name whose whole group is free
 * there (see numberedName), and returns that name. One watcher per folder is assumed: between the
 * check and the rename nobody else writes into ingested/ or rejected/. (A hard link would make it
 * atomic, but SMB and some other network mounts, the usual home of a drop folder, have none.)
 */
async function moveWithCompanions(dir: string, name: string, toDir: string): Promise<string> {
  const target = path.join(dir, toDir);
  try {
    // Not recursive: with the drop folder gone (unmounted mid-take) a recursive mkdir would create
    // a new, empty drop folder in its place; ENOENT here goes to the loop as an outage instead.
    await mkdir(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let dest = name;
  for (let n = 2; (await Promise.all(destinationGroup(dest).map((f) => exists(path.join(target, f))))).some(Boolean); n++) {
    dest = numberedName(name, n);
  }
  const from = [name, ...companions(name)];
  const to = [dest, ...companions(dest)];
  for (let i = 0; i < from.length; i++) {
    try {
      await rename(path.join(dir, from[i]!), path.join(target, to[i]!));
    } catch (err) {
      // A companion that does not exist is normal; the recording itself missing means the folder
      // went away under the move: it stays where it is, to be taken again (safely: same call).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i === 0) throw err;
    }
  }
  return dest;
}

/** Polls until the signal aborts. Each complete recording is taken once, then moved out of the way. */
export async function watchDropFolder(opts: DropFolderOptions): Promise<void> {
  const pollMs = opts.pollMs ?? 2_000;
  const metadataWaitMs = opts.metadataWaitMs ?? 3 * pollMs;
  const clock = opts.clock ?? systemClock;
  await checkDropFolder(opts.dir);
  opts.onWatching?.();
  let tracker = new StabilityTracker();
  let metadataWait = new MetadataWait(metadataWaitMs);
  let downSince: number | undefined;
  while (!opts.signal.aborted) {
    try {
      const { listing, markers, files } = await listFolder(opts.dir);
      if (downSince !== undefined) {
        opts.onAvailable?.(clock.nowMs() - downSince);
        downSince = undefined;
        // Start afresh: a file must be seen unchanged on two polls after the outage, and what the
        // folder held before it may not be what it holds now.
        tracker = new StabilityTracker();
        metadataWait = new MetadataWait(metadataWaitMs);
      }
      const ready = tracker.poll(listing, markers);
      const withMetadata = new Set(ready.filter((name) => metadataCompanions(name).some((c) => files.has(c))));
      const { take, wait } = metadataWait.sort(ready, withMetadata, clock.nowMs());
      for (const name of wait) tracker.hold(name, listing.get(name)!);
      for (const name of take) {
        if (opts.signal.aborted) break;
        await takeOne(opts, name);
      }
    } catch (err) {
      if (!isFolderUnavailable(err)) throw err;
      // Once per outage: a network mount down for an hour must not write a warning every poll.
      if (downSince === undefined) {
        downSince = clock.nowMs();
        opts.onUnavailable?.(err);
      }
    }
    if (opts.signal.aborted) break;
    await clock.sleep(pollMs, { signal: opts.signal });
  }
}

/**
 * Takes one complete recording and moves it to ingested/, or to rejected/ with its reason when it
 * can never be ingested. A transient failure (a move to ingested/ that failed included) leaves it
 * in place for a later poll: taking it again is safe, the same call is "already stored". A folder
 * gone while a refused recording moves throws on, to the loop, which counts it as an outage.
 */
async function takeOne(opts: DropFolderOptions, name: string): Promise<void> {
  const file = path.join(opts.dir, name);
  let refused: Error;
  try {
    await opts.take(file);
    await moveWithCompanions(opts.dir, name, TAKEN_DIR);
    return;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    opts.onError?.(file, e);
    if (!isPermanent(err)) return;
    refused = e;
  }
  const dest = await moveWithCompanions(opts.dir, name, REJECTED_DIR);
  // 'wx': the note of an earlier take under this name is never overwritten (the name was chosen free).
  await writeFile(path.join(opts.dir, REJECTED_DIR, reasonNote(dest)), `${refused.message}\n`, { flag: 'wx' });
}
