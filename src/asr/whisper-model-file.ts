import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { AsrConfigError } from './asr-errors.ts';
import { GGML_MAGIC } from './whisper-test-model.ts';

/** Said wherever an operator has to pick a model. */
export const MANDARIN_MODEL_ADVICE =
  'for Mandarin use ggml-large-v3-turbo.bin (best accuracy, ≈ 1.6 GB, GPU recommended) or ggml-small.bin (≈ 470 MB, CPU); see docs/transcription.md';

/**
 * Checks WHISPER_MODEL before whisper.cpp sees it, so the operator gets a message naming the
 * variable instead of the binding's bare "Failed to initialize whisper context".
 */
export function checkWhisperModelFile(modelPath: string | undefined): string {
  if (!modelPath) {
    throw new AsrConfigError('WHISPER_MODEL', `the whisper engine needs WHISPER_MODEL, the path of a ggml whisper model file: ${MANDARIN_MODEL_ADVICE}`);
  }
  let size: number;
  try {
    const st = statSync(modelPath);
    if (!st.isFile()) throw new AsrConfigError('WHISPER_MODEL', `WHISPER_MODEL=${modelPath} is not a file: ${MANDARIN_MODEL_ADVICE}`);
    size = st.size;
  } catch (err) {
    if (err instanceof AsrConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new AsrConfigError(
      'WHISPER_MODEL',
      code === 'ENOENT'
        ? `WHISPER_MODEL=${modelPath}: no such file; download a ggml model and point WHISPER_MODEL at it: ${MANDARIN_MODEL_ADVICE}`
        : `WHISPER_MODEL=${modelPath} cannot be read (${code ?? String(err)})`,
    );
  }
  const head = Buffer.alloc(4);
  const fd = openSync(modelPath, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 4 || head.readUInt32LE(0) !== GGML_MAGIC) {
    throw new AsrConfigError(
      'WHISPER_MODEL',
      `WHISPER_MODEL=${modelPath} is not a whisper.cpp ggml model (no 'ggml' magic number at its start; ${size} bytes): ${MANDARIN_MODEL_ADVICE}`,
    );
  }
  return modelPath;
}
