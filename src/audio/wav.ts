import { writeFile } from 'node:fs/promises';

/** A canonical 44-byte-header PCM WAV of 16-bit samples (mono unless interleaved channels are given). */
export function encodeWav(pcm: Int16Array, sampleRate: number, channels = 1): Buffer {
  const dataBytes = pcm.length * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  const body = Buffer.from(pcm.buffer, pcm.byteOffset, dataBytes);
  return Buffer.concat([header, littleEndian(body)]);
}

/** Writes PCM as a WAV file, for tools that only read files (pocketsphinx). */
export async function writeWav(file: string, pcm: Int16Array, sampleRate: number): Promise<void> {
  await writeFile(file, encodeWav(pcm, sampleRate));
}

const HOST_IS_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndian(body: Buffer): Buffer {
  return HOST_IS_LE ? body : Buffer.from(body).swap16();
}

/**
 * Little-endian s16 bytes → samples. The result always owns its ArrayBuffer exactly (byteOffset 0,
 * byteLength = samples × 2), so `pcm.buffer` can be handed to engines that take an ArrayBuffer. A
 * buffer that already is exactly that (a large Buffer.concat result) is viewed rather than copied,
 * which halves the memory a long recording needs.
 */
export function pcmFromS16le(bytes: Buffer): Int16Array {
  if (HOST_IS_LE && bytes.byteOffset === 0 && bytes.length % 2 === 0 && bytes.buffer.byteLength === bytes.length && !(bytes.buffer instanceof SharedArrayBuffer)) {
    return new Int16Array(bytes.buffer, 0, bytes.length >> 1);
  }
  const out = new Int16Array(bytes.length >> 1);
  const view = Buffer.from(out.buffer);
  bytes.copy(view, 0, 0, out.length * 2);
  if (!HOST_IS_LE) view.swap16();
  return out;
}
