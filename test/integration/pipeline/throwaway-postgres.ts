import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { runTool } from '../../../src/audio/run-tool.ts';

/**
 * A PostgreSQL server of its own for a test that restarts it (never the machine's shared server):
 * initdb into a temp dir as user postgres, started with pg_ctl on a free port, trust auth.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root). */
function asPostgres(bin: string, args: string[], timeoutMs = 60_000) {
  const cmd = path.join(PG_BIN, bin);
  return userInfo().uid === 0
    ? runTool('runuser', ['-u', 'postgres', '--', cmd, ...args], { timeoutMs })
    : runTool(cmd, args, { timeoutMs });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = await mkdtemp(path.join(tmpdir(), 'cg-pg-'));
  const dataDir = path.join(root, 'data');
  if (userInfo().uid === 0) {
    const { stdout } = await runTool('id', ['-u', 'postgres'], { timeoutMs: 5_000 });
    const { stdout: gid } = await runTool('id', ['-g', 'postgres'], { timeoutMs: 5_000 });
    await chown(root, Number(stdout.toString().trim()), Number(gid.toString().trim()));
  }
  const port = await freePort();
  await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const log = path.join(root, 'server.log');
  await asPostgres('pg_ctl', ['-D', dataDir, '-o', opts, '-l', log, '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-o', opts, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']);
    },
    async stop() {
      try {
        await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
