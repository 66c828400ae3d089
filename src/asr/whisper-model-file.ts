import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AsrConfigError } from './asr-errors.ts';
import { GGML_MAGIC } from './whisper-test-model.ts';

/** Said wherever an operator has to pick a model. */
export const MANDARIN_MODEL_ADVICE =
  'for Mandarin use ggml-large-v3-turbo.bin (best accuracy, ≈ 1.6 GB, GPU recommended) or ggml-small.bin (≈ 470 MB, CPU); see docs/transcription.md';

export interface WhisperModelSummary {
  nVocab: number;
  nMels: number;
  audioLayers: number;
  textLayers: number;
  state: number;
  tensors: number;
  /** False once a tensor type unknown to this check appeared: the rest of the file was not walked. */
  fullyChecked: boolean;
}

/**
 * Checks WHISPER_MODEL's structure before whisper.cpp sees it. whisper.cpp reads past the end of a
 * truncated file without noticing: a model cut inside its header loads as an "empty model" and its
 * inference never returns (measured with whisper.node 1.1.3). So every section and every tensor is
 * bounds-checked here, and problems come out as a configuration error naming the variable.
 */
export function checkWhisperModelFile(modelPath: string | undefined): WhisperModelSummary {
  if (!modelPath) {
    throw new AsrConfigError('WHISPER_MODEL', `the whisper engine needs WHISPER_MODEL, the path of a ggml whisper model file: ${MANDARIN_MODEL_ADVICE}`);
  }
  let fd: number;
  try {
    fd = openSync(modelPath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AsrConfigError(
      'WHISPER_MODEL',
      code === 'ENOENT'
        ? `WHISPER_MODEL=${modelPath}: no such file; download a ggml model and point WHISPER_MODEL at it: ${MANDARIN_MODEL_ADVICE}`
        : `WHISPER_MODEL=${modelPath} cannot be read (${code ?? String(err)})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new AsrConfigError('WHISPER_MODEL', `WHISPER_MODEL=${modelPath} is not a file: ${MANDARIN_MODEL_ADVICE}`);
    return walkModel(new FileReader(fd, st.size), modelPath);
  } catch (err) {
    if (err instanceof ModelFormatError) {
      throw new AsrConfigError('WHISPER_MODEL', `WHISPER_MODEL=${modelPath} is not a usable whisper.cpp ggml model: ${err.message}`);
    }
    throw err;
  } finally {
    closeSync(fd);
  }
}

class ModelFormatError extends Error {}

class FileReader {
  at = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}
  bytes(n: number, what: string): Buffer {
    if (n < 0 || this.at + n > this.size) {
      throw new ModelFormatError(`the file ends inside ${what} (offset ${this.at}, ${this.size} bytes in all): truncated or corrupt`);
    }
    const buf = Buffer.alloc(n);
    readSync(this.fd, buf, 0, n, this.at);
    this.at += n;
    return buf;
  }
  int32(what: string): number {
    return this.bytes(4, what).readInt32LE(0);
  }
  skip(n: number, what: string): void {
    if (n < 0 || this.at + n > this.size) {
      throw new ModelFormatError(`the file ends inside ${what} (needs ${n} bytes at offset ${this.at}, ${this.size} bytes in all): truncated or corrupt`);
    }
    this.at += n;
  }
}

/** [elements per block, bytes per block] of the ggml tensor types whisper models use. */
const GGML_TYPE_SIZES: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  30: [1, 2], // BF16
};

function walkModel(r: FileReader, modelPath: string): WhisperModelSummary {
  if (r.size < 4 || r.bytes(4, 'the magic number').readUInt32LE(0) !== GGML_MAGIC) {
    throw new AsrConfigError(
      'WHISPER_MODEL',
      `WHISPER_MODEL=${modelPath} is not a whisper.cpp ggml model (no 'ggml' magic number at its start; ${r.size} bytes): ${MANDARIN_MODEL_ADVICE}`,
    );
  }
  const h = Array.from({ length: 11 }, () => r.int32('the hyper-parameters'));
  const [nVocab, , audioState, audioHeads, audioLayers, , textState, , textLayers, nMels] = h as [number, number, number, number, number, number, number, number, number, number];
  const plausible = nVocab > 50_000 && nVocab < 60_000 && audioHeads > 0 && audioState % audioHeads === 0 && audioLayers > 0 && audioLayers <= 64 && textLayers > 0 && textLayers <= 64 && (nMels === 80 || nMels === 128);
  if (!plausible) throw new ModelFormatError(`implausible hyper-parameters ${JSON.stringify(h)}`);

  const filterMels = r.int32('the mel filter header');
  const filterFft = r.int32('the mel filter header');
  if (filterMels !== nMels || filterFft <= 0 || filterFft > 4096) {
    throw new ModelFormatError(`mel filter bank of ${filterMels}×${filterFft} does not fit n_mels=${nMels}`);
  }
  r.skip(filterMels * filterFft * 4, 'the mel filter bank');

  const tokens = r.int32('the vocabulary size');
  if (tokens < 0 || tokens > nVocab) throw new ModelFormatError(`vocabulary of ${tokens} tokens for n_vocab=${nVocab}`);
  for (let i = 0; i < tokens; i++) {
    const len = r.int32('the vocabulary');
    if (len < 0 || len > 1024) throw new ModelFormatError(`token ${i} claims ${len} bytes`);
    r.skip(len, 'the vocabulary');
  }

  let tensors = 0;
  while (r.at < r.size) {
    const nDims = r.int32('a tensor header');
    const nameLength = r.int32('a tensor header');
    const type = r.int32('a tensor header');
    if (nDims < 1 || nDims > 4 || nameLength <= 0 || nameLength > 256) {
      throw new ModelFormatError(`tensor ${tensors} has a broken header (dims ${nDims}, name length ${nameLength})`);
    }
    const dims = Array.from({ length: nDims }, () => r.int32('a tensor shape'));
    r.skip(nameLength, 'a tensor name');
    const size = GGML_TYPE_SIZES[type];
    if (!size) return { nVocab, nMels, audioLayers, textLayers, state: textState, tensors, fullyChecked: false };
    const [block, blockBytes] = size;
    if (dims.some((d) => d <= 0) || dims[0]! % block !== 0) throw new ModelFormatError(`tensor ${tensors} has shape ${dims.join('×')}`);
    const elements = dims.reduce((a, b) => a * b, 1);
    r.skip((elements / block) * blockBytes, `tensor ${tensors}'s data`);
    tensors++;
  }
  return { nVocab, nMels, audioLayers, textLayers, state: textState, tensors, fullyChecked: true };
}
