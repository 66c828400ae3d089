/**
 * Reads the chunk layout of a RIFF/WAVE header. ffmpeg quietly clamps a data chunk that claims more
 * bytes than the file holds; we want to know, because such a file is truncated (or its header lies)
 * and a compliance verdict on half a call is worse than none.
 */
export interface WavHeader {
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  /** Offset of the first byte of sample data. */
  dataOffset: number;
  /** Size the data chunk claims; 0xFFFFFFFF and 0 are the "unknown, read to end" markers of streaming writers. */
  dataSize: number;
}

export const WAV_STREAMING_SIZES: ReadonlySet<number> = new Set([0, 0xffffffff]);

/** Returns null when `head` is not a RIFF/WAVE header (or the fmt/data chunks are not within it). */
export function parseWavHeader(head: Buffer): WavHeader | null {
  if (head.length < 12) return null;
  const riff = head.toString('latin1', 0, 4);
  if ((riff !== 'RIFF' && riff !== 'RIFX') || head.toString('latin1', 8, 12) !== 'WAVE') return null;
  const big = riff === 'RIFX';
  const u32 = (o: number) => (big ? head.readUInt32BE(o) : head.readUInt32LE(o));
  const u16 = (o: number) => (big ? head.readUInt16BE(o) : head.readUInt16LE(o));
  let offset = 12;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataSize'> | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = u32(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= head.length) {
      fmt = { channels: u16(body + 2), sampleRate: u32(body + 4), byteRate: u32(body + 8), blockAlign: u16(body + 12) };
    } else if (id === 'data') {
      return fmt ? { ...fmt, dataOffset: body, dataSize: size } : null;
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  return null;
}
