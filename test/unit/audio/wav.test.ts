import { describe, expect, it } from 'vitest';
import { encodeWav, pcmFromS16le } from '../../../src/audio/wav.ts';
import { parseWavHeader } from '../../../src/audio/wav-header.ts';

describe('WAV writer and header reader', () => {
  it('writes a canonical 16-bit PCM header that the reader reads back', () => {
    const pcm = new Int16Array([0, 1000, -1000, 32767, -32768]);
    const wav = encodeWav(pcm, 16000);
    expect(wav.length).toBe(44 + pcm.length * 2);
    expect(parseWavHeader(wav)).toEqual({ channels: 1, sampleRate: 16000, byteRate: 32000, blockAlign: 2, dataOffset: 44, dataSize: 10 });
    expect(Array.from(pcmFromS16le(wav.subarray(44)))).toEqual(Array.from(pcm));
  });

  it('writes interleaved stereo', () => {
    const header = parseWavHeader(encodeWav(new Int16Array(8), 8000, 2));
    expect(header).toMatchObject({ channels: 2, sampleRate: 8000, byteRate: 32000, blockAlign: 4, dataSize: 16 });
  });

  it('reads samples from an unaligned slice (Buffer pool offsets are often odd)', () => {
    const bytes = Buffer.from([0xff, 0x34, 0x12, 0xcd, 0xab]).subarray(1);
    expect(Array.from(pcmFromS16le(bytes))).toEqual([0x1234, -0x5433]);
  });

  it('skips chunks before fmt and data (LIST, fact) and rejects what is not RIFF/WAVE', () => {
    const wav = encodeWav(new Int16Array(4), 8000);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')]); // odd size, padded
    const withList = Buffer.concat([wav.subarray(0, 12), list, wav.subarray(12)]);
    expect(parseWavHeader(withList)).toMatchObject({ dataOffset: 44 + 12, dataSize: 8 });
    expect(parseWavHeader(Buffer.from('ID3\u0004 not a wav at all'))).toBeNull();
    expect(parseWavHeader(Buffer.alloc(0))).toBeNull();
  });
});

describe('pcmFromS16le ownership', () => {
  it('the samples always own their ArrayBuffer exactly, viewed or copied', () => {
    const big = Buffer.concat([Buffer.alloc(10_000, 1), Buffer.alloc(10_000, 2)]);
    const viewed = pcmFromS16le(big);
    expect(viewed.buffer).toBe(big.buffer);
    const small = Buffer.from([1, 0, 2, 0]); // from the shared pool
    for (const pcm of [viewed, pcmFromS16le(small), pcmFromS16le(big.subarray(0, 100))]) {
      expect(pcm.byteOffset).toBe(0);
      expect(pcm.buffer.byteLength).toBe(pcm.length * 2);
    }
    expect(Array.from(pcmFromS16le(small))).toEqual([1, 2]);
  });
});
