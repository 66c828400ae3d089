/**
 * A whisper.cpp model file with hyper-parameters, mel filters and a vocabulary but no tensors.
 * whisper.cpp loads such a file "for testing" (it logs "no tensors loaded … assuming empty model")
 * and runs the full inference path on zeroed weights, producing no segments. It lets every test run
 * exercise the whisper engine's loading, PCM hand-over, decoding and release without the 75 MB+ of
 * real weights, which these machines cannot download.
 *
 * Layout (little-endian), as read by whisper.cpp's whisper_model_load:
 *   int32 magic 'ggml' (0x67676d6c)
 *   11 × int32 hparams: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
 *                       n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
 *   int32 n_mel, int32 n_fft, n_mel × n_fft float32 mel filter bank
 *   int32 token count, then per token: int32 byte length, bytes
 */
export const GGML_MAGIC = 0x67676d6c;

export interface WhisperTestModelShape {
  /** Width of the encoder/decoder state; the real "tiny" model uses 384. */
  state: number;
  heads: number;
  layers: number;
}

/** Small enough that 20 s of audio runs through inference in about a second on one core. */
export const TEST_MODEL_SHAPE: WhisperTestModelShape = { state: 64, heads: 1, layers: 4 };

const N_VOCAB_MULTILINGUAL = 51865; // multilingual vocabulary size: enables language selection (zh)
const N_AUDIO_CTX = 1500; // 30 s window of 20 ms frames
const N_TEXT_CTX = 448;
const N_MELS = 80;
const N_FFT_BINS = 201; // 400-point FFT at 16 kHz → 201 bins
const SAMPLE_RATE = 16000;
const FTYPE_F16 = 1;

export function buildWhisperTestModel(shape: WhisperTestModelShape = TEST_MODEL_SHAPE): Buffer {
  // Byte-level tokens 0..255: whisper.cpp pads the rest of n_vocab with generated placeholders.
  const tokens = Array.from({ length: 256 }, (_, i) => Buffer.from([i]));
  const header = Int32Array.from([
    GGML_MAGIC,
    N_VOCAB_MULTILINGUAL, N_AUDIO_CTX, shape.state, shape.heads, shape.layers,
    N_TEXT_CTX, shape.state, shape.heads, shape.layers, N_MELS, FTYPE_F16,
    N_MELS, N_FFT_BINS,
  ]);
  const filters = melFilterBank(N_MELS, N_FFT_BINS, SAMPLE_RATE);
  const vocabBytes = 4 + tokens.reduce((n, t) => n + 4 + t.length, 0);
  const out = Buffer.alloc(header.byteLength + filters.byteLength + vocabBytes);
  let at = 0;
  for (const v of header) at = out.writeInt32LE(v, at);
  for (const v of filters) at = out.writeFloatLE(v, at);
  at = out.writeInt32LE(tokens.length, at);
  for (const t of tokens) {
    at = out.writeInt32LE(t.length, at);
    at += t.copy(out, at);
  }
  return out;
}

/**
 * Slaney-style triangular mel filters (area-normalised), the shape whisper's real models carry.
 * Zeroed weights make the values irrelevant to the output, but a plausible bank keeps the log-mel
 * front end doing realistic work in tests and benchmarks.
 */
export function melFilterBank(nMels: number, nBins: number, sampleRate: number): Float32Array {
  const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);
  const maxMel = hzToMel(sampleRate / 2);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz((maxMel * i) / (nMels + 1)));
  const binHz = (b: number) => (b * sampleRate) / (2 * (nBins - 1));
  const bank = new Float32Array(nMels * nBins);
  for (let m = 0; m < nMels; m++) {
    const lo = edges[m]!;
    const mid = edges[m + 1]!;
    const hi = edges[m + 2]!;
    const norm = 2 / (hi - lo);
    for (let b = 0; b < nBins; b++) {
      const f = binHz(b);
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      bank[m * nBins + b] = w * norm;
    }
  }
  return bank;
}
