import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation } from '../../../scripts/layer-check/check-layers.ts';
import { moduleOf } from '../../../scripts/layer-check/layer-rules.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A source tree in a temp directory: path → text. */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-layers-'));
  trees.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('the layer check', () => {
  it('passes on this repository', () => {
    expect(checkLayers(ROOT).map(formatViolation)).toEqual([]);
  });

  it('names each forbidden import with its file and line', async () => {
    const dir = await tree({
      'src/api/roles.ts': 'export const ROLES = [];\n',
      'src/cases/case.ts': 'export type Case = { id: number };\n',
      'src/store/users.ts': "import { ROLES } from '../api/roles.ts';\nimport type { Case } from '../cases/case.ts';\nexport const x = [ROLES];\n",
      'src/reports/report.ts': "\n\nexport { ROLES } from '../api/roles.ts';\n",
      'src/cli/worker.ts': "const w = await import('../../workers/main.ts');\n",
      'workers/main.ts': 'export {};\n',
      'src/domain/call.ts': "import '../store/users.ts';\n",
    });
    expect(checkLayers(dir).map(formatViolation)).toEqual([
      'src/cli/worker.ts:1: imports workers/main.ts — cli may not import workers',
      'src/domain/call.ts:1: imports src/store/users.ts — domain may not import store',
      'src/reports/report.ts:3: imports src/api/roles.ts — reports may not import api',
      'src/store/users.ts:1: imports src/api/roles.ts — store may not import api',
      // Type-only imports count: a type tied to a layer above ties the layer to it.
      'src/store/users.ts:2: imports src/cases/case.ts — store may not import cases',
    ]);
  });

  it("keeps BullMQ's Worker in workers/, the database driver and SQL in store/, and I/O out of src/rules", async () => {
    const dir = await tree({
      'src/pipeline/transport/queues.ts': "import { Queue, Worker } from 'bullmq';\nexport { Queue, Worker };\n",
      'src/pipeline/stages/scan.ts': "import type { Job } from 'bullmq';\nexport type J = Job;\n",
      'src/api/count.ts': "export const q = `SELECT count(*) FROM calls WHERE id = ${'$1'}`;\nimport pg from 'pg';\nexport { pg };\n",
      'src/store/calls.ts': "import pg from 'pg';\nexport const q = 'SELECT * FROM calls WHERE id = $1';\nexport { pg };\n",
      'src/rules/load.ts': "import { readFileSync, writeFileSync } from 'node:fs';\nimport { execFile } from 'node:child_process';\nexport { readFileSync, writeFileSync, execFile };\n",
      'workers/start.ts': "import { Worker } from 'bullmq';\nexport { Worker };\n",
      // English that merely starts like SQL is not SQL.
      'src/cli/help.ts': "export const help = 'select a file from the list';\n",
    });
    expect(checkLayers(dir).map(formatViolation)).toEqual([
      'src/api/count.ts:1: SQL "SELECT count(*) FROM calls WHERE id =" — only store/ holds SQL',
      'src/api/count.ts:2: imports pg — only store/ talks to the database',
      'src/pipeline/stages/scan.ts:1: imports bullmq — stages do not know how they are transported',
      "src/pipeline/transport/queues.ts:1: imports bullmq { Worker } — only workers/ imports BullMQ's Worker",
      'src/rules/load.ts:1: imports node:fs { writeFileSync } — src/rules only reads files',
      'src/rules/load.ts:2: imports node:child_process — src/rules has no I/O beyond reading rule files',
    ]);
  });

  it('finds import loops between files of one layer', async () => {
    const dir = await tree({
      'src/store/a.ts': "import { b } from './b.ts';\nexport const a = b;\n",
      'src/store/b.ts': "import type { C } from './c.ts';\nexport const b = 1 as unknown as C;\n",
      'src/store/c.ts': "import { a } from './a.ts';\nexport type C = typeof a;\n",
      'src/store/d.ts': "import { a } from './a.ts';\nexport const d = a;\n",
    });
    expect(checkLayers(dir).map(formatViolation)).toEqual([
      'src/store/a.ts:1: imports src/store/b.ts — import loop: src/store/a.ts ↔ src/store/b.ts ↔ src/store/c.ts',
    ]);
  });

  it('places files in their modules', () => {
    expect(moduleOf('src/pipeline/stages/scan-stage.ts')).toBe('pipeline/stages');
    expect(moduleOf('src/pipeline/call-lifecycle.ts')).toBe('pipeline');
    expect(moduleOf('src/runtime.ts')).toBe('runtime');
    expect(moduleOf('workers/main.ts')).toBe('workers');
    expect(moduleOf('test/unit/x.test.ts')).toBeNull();
  });
});
