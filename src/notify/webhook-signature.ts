import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook's signature: HMAC-SHA256, keyed with the shared secret, over `<timestamp>.<body>`.
 * The timestamp (Unix seconds) travels in its own header and is inside the signed text, so a
 * captured post replayed later fails the receiver's freshness check and cannot be given a new
 * timestamp without the secret.
 */
export const SIGNATURE_HEADER = 'x-callguard-signature';
export const TIMESTAMP_HEADER = 'x-callguard-timestamp';
export const DELIVERY_HEADER = 'x-callguard-delivery';

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does: recompute, compare in constant time, and refuse a timestamp older (or newer) than the tolerance. */
export function verifyWebhookSignature(
  secret: string, timestampHeader: string | undefined, body: string, signatureHeader: string | undefined,
  nowSeconds: number, toleranceSeconds = 300,
): SignatureCheck {
  if (!timestampHeader || !/^\d+$/.test(timestampHeader) || !signatureHeader?.startsWith('sha256=')) return { ok: false, reason: 'malformed' };
  const ts = Number(timestampHeader);
  if (Math.abs(nowSeconds - ts) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
