/**
 * The process directories under the work directory (CALLGUARD_WORK_DIR) are named
 * `<hostname>-<pid>-<random>`: the host and pid say who owns one, the random part keeps a reused pid
 * from meeting an old directory. These pure functions name, parse and judge them; the file system
 * side is in process-work-dir.ts.
 */
export interface ProcessDirOwner {
  host: string;
  pid: number;
}

const NAME = /^(.+)-(\d+)-([0-9a-f]{8,})$/;

export function processDirName(host: string, pid: number, random: string): string {
  return `${host}-${pid}-${random}`;
}

/** Owner of a process directory, or null for a name that is not one (left alone by the sweep). */
export function parseProcessDirName(name: string): ProcessDirOwner | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const pid = Number(m[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { host: m[1]!, pid };
}

export interface StaleCheck {
  /** This machine's hostname: a pid says nothing about a process on another host. */
  host: string;
  /** Whether a process with this pid is alive on this host. */
  isAlive: (pid: number) => boolean;
}

/**
 * The directories whose owner process is gone: named as a process directory, made on this host,
 * and its pid not alive. Directories of other hosts (a shared work directory) and names that are
 * not process directories stay.
 */
export function staleProcessDirs(names: readonly string[], check: StaleCheck): string[] {
  return names.filter((name) => {
    const owner = parseProcessDirName(name);
    return owner !== null && owner.host === check.host && !check.isAlive(owner.pid);
  });
}
