import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseRange } from './http-range.ts';
import type { RecordingSource } from './recording-source.ts';

const MIME: Record<string, string> = {
  wav: 'audio/wav', mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', opus: 'audio/ogg',
  oga: 'audio/ogg', webm: 'audio/webm', flac: 'audio/flac', amr: 'audio/amr', gsm: 'audio/x-gsm',
};

export function audioMime(format: string | null): string {
  return (format && MIME[format.toLowerCase().replace(/^\./, '')]) || 'application/octet-stream';
}

/**
 * Streams a recording (from a file or the audio store) with HTTP range support: 206 + Content-Range for a byte range (the player
 * seeks), 416 for one past the end, 200 with Accept-Ranges otherwise.
 */
export async function sendAudio(req: FastifyRequest, reply: FastifyReply, source: RecordingSource, mime: string): Promise<FastifyReply> {
  const size = await source.size();
  const range = parseRange(req.headers.range, size);
  reply.header('accept-ranges', 'bytes');
  reply.header('content-type', mime);
  // Recordings are personal data: never kept by shared caches.
  reply.header('cache-control', 'private, no-store');
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    return reply.status(416).send();
  }
  if (range.kind === 'partial') {
    reply.status(206);
    reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    reply.header('content-length', range.end - range.start + 1);
    return reply.send(await source.open({ start: range.start, end: range.end }));
  }
  reply.header('content-length', size);
  return reply.send(await source.open());
}
