/**
 * Writes the tensor-less whisper.cpp test model (see src/asr/whisper-test-model.ts).
 *   npx tsx scripts/generate-whisper-test-model.ts [OUT]   (default fixtures/models/ggml-test-tiny.bin)
 * The tests build the same bytes into a temp dir themselves, so the file is not committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildWhisperTestModel } from '../src/asr/whisper-test-model.ts';

const out = process.argv[2] ?? 'fixtures/models/ggml-test-tiny.bin';
const bytes = buildWhisperTestModel();
await mkdir(dirname(out), { recursive: true });
await writeFile(out, bytes);
console.error(`wrote ${out} (${bytes.length} bytes)`);
