import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite (PostgreSQL compiled to WebAssembly) behind pglite-socket: a real PostgreSQL wire
 * protocol endpoint, so `pg` talks to it as to any server. The endpoint is a unix socket in a
 * private (0700) temp directory: PGlite has no passwords, and a loopback port would let any local
 * user read the calls' personal data while callguard runs. (Windows: loopback TCP.)
 *
 * Measured (test/integration/store/embedded-db.test.ts): the socket server runs one query at a
 * time and keeps a client's transaction exclusive until COMMIT/ROLLBACK, so several pooled
 * connections are safe; they just do not run in parallel.
 *
 * PGlite has no multi-process locking of its own: two processes on one data directory would
 * corrupt it. A lock file holding the owner's pid refuses the second opener; a lock left by a
 * dead process is taken over.
 */
export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`the embedded database in ${dataDir} is in use by process ${pid}; stop it, or set DATABASE_URL to share a PostgreSQL server between processes`);
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds: its own pid in a lock file is then a live lock, not a stale one. */
const heldLocks = new Set<string>();

async function acquireLock(lockPath: string, dataDir: string): Promise<void> {
  if (heldLocks.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldLocks.add(lockPath);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      await rm(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

export async function startEmbeddedPostgres(options: { dataDir: string; inMemory: boolean }): Promise<EmbeddedPostgres> {
  let releaseLock = async () => {};
  let db: PGlite;
  if (options.inMemory) {
    db = await PGlite.create();
  } else {
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const lockPath = path.join(dataDir, 'pgdata.lock');
    await acquireLock(lockPath, dataDir);
    releaseLock = async () => {
      heldLocks.delete(lockPath);
      await rm(lockPath, { force: true });
    };
    try {
      db = await PGlite.create(path.join(dataDir, 'pgdata'));
    } catch (err) {
      await releaseLock();
      throw err;
    }
  }
  const socketDir = process.platform === 'win32' ? null : await mkdtemp(path.join(tmpdir(), 'callguard-pg-'));
  const server = socketDir
    ? new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: 64 })
    : new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  const removeSocketDir = async () => {
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (err) {
    await db.close();
    await removeSocketDir();
    await releaseLock();
    throw err;
  }
  return {
    // libpq convention: host = the socket's directory, the file is .s.PGSQL.<port>.
    // For port 0, getServerConn() reports the port the OS chose.
    connectionString: socketDir
      ? `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}&port=5432`
      : `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      try {
        await server.stop();
        await db.close();
      } finally {
        await removeSocketDir();
        await releaseLock();
      }
    },
  };
}
