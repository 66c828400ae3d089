/**
 * How wide the recorded band really is, judged from the decoded samples. A container's sample rate
 * says nothing about it: Opus always reports 48 kHz (its internal rate) even for an 8 kHz telephone
 * call, and any file can be resampled upwards. Telephone audio (G.711, AMR-NB, anything that went
 * through the PSTN) carries nothing above 4 kHz; wideband speech carries its fricatives ("s", "f",
 * "sh") at 4–8 kHz. So the share of speech energy between 4.5 and 7.5 kHz tells them apart: measured
 * here, wideband speech (LibriVox, LibriSpeech, TIMIT, AISHELL at 16 kHz) keeps 0.13–2.6 % of its energy
 * there, and the same speech at 8 kHz under 0.03 % in every container (Opus leaks the most: 0.01–0.03 %).
 * The line between them sits at 0.06 %, a factor of two from either side.
 */

export interface BandwidthOptions {
  /** FFT length at 16 kHz: 512 samples = 32 ms, a 31 Hz bin. */
  fftSize?: number;
  /** Frames quieter than this RMS (full scale 1) are left out: room noise has no band to judge. */
  minFrameRms?: number;
  /** At most this many frames are analysed, spread evenly over the recording (keeps a 2-hour call cheap). */
  maxFrames?: number;
  /** High-band share at or above which the audio counts as wideband. */
  widebandShare?: number;
}

export const DEFAULT_BANDWIDTH: Required<BandwidthOptions> = { fftSize: 512, minFrameRms: 0.005, maxFrames: 1500, widebandShare: 0.0006 };

/** Lower and upper edge of the band that only wideband audio carries. */
const HIGH_BAND_HZ: readonly [number, number] = [4500, 7500];

export interface Bandwidth {
  /** Share of the analysed frames' energy in 4.5–7.5 kHz (0..1); 0 when nothing was loud enough. */
  highBandShare: number;
  /** Frames that were loud enough to judge. */
  frames: number;
  /** `unknown` when no frame was loud enough (a silent channel). */
  band: 'wide' | 'narrow' | 'unknown';
}

export function measureBandwidth(pcm: Int16Array, sampleRate: number, options: BandwidthOptions = {}): Bandwidth {
  const { fftSize, minFrameRms, maxFrames, widebandShare } = { ...DEFAULT_BANDWIDTH, ...options };
  if ((fftSize & (fftSize - 1)) !== 0) throw new Error(`measureBandwidth: fftSize must be a power of two, not ${fftSize}`);
  const nyquist = sampleRate / 2;
  // Audio sampled at 8 kHz or less cannot be wideband; nothing to measure.
  if (nyquist <= HIGH_BAND_HZ[0]) return { highBandShare: 0, frames: 0, band: 'narrow' };
  const totalFrames = Math.floor(pcm.length / fftSize);
  const step = Math.max(1, Math.ceil(totalFrames / maxFrames));
  const window = hann(fftSize);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const binHz = sampleRate / fftSize;
  const lo = Math.ceil(HIGH_BAND_HZ[0] / binHz);
  const hi = Math.min(fftSize / 2, Math.floor(Math.min(HIGH_BAND_HZ[1], nyquist) / binHz));
  const minMeanSquare = (minFrameRms * 32768) ** 2;
  let high = 0;
  let total = 0;
  let frames = 0;
  for (let f = 0; f < totalFrames; f += step) {
    const start = f * fftSize;
    let ms = 0;
    for (let i = 0; i < fftSize; i++) ms += pcm[start + i]! * pcm[start + i]!;
    if (ms / fftSize < minMeanSquare) continue;
    for (let i = 0; i < fftSize; i++) {
      re[i] = pcm[start + i]! * window[i]!;
      im[i] = 0;
    }
    fft(re, im);
    // Bin 0 (DC) and the lowest bins carry hum and offset, not speech: start at ~60 Hz.
    for (let k = 2; k <= fftSize / 2; k++) {
      const p = re[k]! * re[k]! + im[k]! * im[k]!;
      total += p;
      if (k >= lo && k <= hi) high += p;
    }
    frames++;
  }
  if (frames === 0 || total === 0) return { highBandShare: 0, frames, band: 'unknown' };
  const highBandShare = high / total;
  return { highBandShare, frames, band: highBandShare >= widebandShare ? 'wide' : 'narrow' };
}

/**
 * The band of a call from its channels: wide when any side is wide (one leg may be a wideband VoIP
 * client, the other a phone; the engine hears both), narrow when every side that could be judged is
 * narrow, unknown when none could. The share is the highest of the sides'.
 */
export function callBandwidth(channels: readonly Int16Array[], sampleRate: number, options: BandwidthOptions = {}): Omit<Bandwidth, 'frames'> {
  const sides = channels.map((c) => measureBandwidth(c, sampleRate, options));
  const highBandShare = Math.max(0, ...sides.map((b) => b.highBandShare));
  const bands = sides.map((b) => b.band);
  return { highBandShare, band: bands.includes('wide') ? 'wide' : bands.includes('narrow') ? 'narrow' : 'unknown' };
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  return w;
}

/** In-place iterative radix-2 FFT; n is a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}
