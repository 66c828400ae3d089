import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isPermanent } from './errors.ts';

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

async function listFolder(dir: string): Promise<{ listing: Map<string, FileSnapshot>; markers: Set<string> }> {
  const listing = new Map<string, FileSnapshot>();
  const markers = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
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
  return { listing, markers };
}

async function moveWithCompanions(dir: string, name: string, toDir: string): Promise<void> {
  await mkdir(path.join(dir, toDir), { recursive: true });
  for (const f of [name, ...companions(name)]) {
    try {
      await rename(path.join(dir, f), path.join(dir, toDir, f));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** Polls until the signal aborts. Each complete recording is taken once, then moved out of the way. */
export async function watchDropFolder(opts: DropFolderOptions): Promise<void> {
  const tracker = new StabilityTracker();
  const pollMs = opts.pollMs ?? 2_000;
  while (!opts.signal.aborted) {
    const { listing, markers } = await listFolder(opts.dir);
    for (const name of tracker.poll(listing, markers)) {
      if (opts.signal.aborted) break;
      const file = path.join(opts.dir, name);
      try {
        await opts.take(file);
        await moveWithCompanions(opts.dir, name, TAKEN_DIR);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        opts.onError?.(file, e);
        if (!isPermanent(err)) continue;
        await moveWithCompanions(opts.dir, name, REJECTED_DIR);
        await writeFile(path.join(opts.dir, REJECTED_DIR, `${name}.reason.txt`), `${e.message}\n`);
      }
    }
    if (opts.signal.aborted) break;
    await new Promise<void>((resolve) => {
      // The abort listener goes when the wait ends either way: left behind, one would pile up per
      // poll for the watcher's whole life (a leak, and Node's MaxListenersExceededWarning on stderr).
      const onAbort = () => { clearTimeout(t); resolve(); };
      const t = setTimeout(() => { opts.signal.removeEventListener('abort', onAbort); resolve(); }, pollMs);
      opts.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
