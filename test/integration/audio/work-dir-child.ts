/**
 * A process that opens its work directory under argv[2], leaves a file of "decoded audio" in a temp
 * directory inside it as a stage does, prints the directory and waits to be killed.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openProcessWorkDir } from '../../../src/audio/process-work-dir.ts';
import { withTempDir } from '../../../src/audio/temp-dir.ts';

const work = await openProcessWorkDir(process.argv[2]!);
await withTempDir('transcribe', async (dir) => {
  await writeFile(path.join(dir, 'channel.wav'), Buffer.alloc(1024));
  process.stdout.write(`${work.dir}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}, work.dir);
