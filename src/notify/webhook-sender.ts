import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';
import { DeliveryFailedError, type SendResult } from './delivery-error.ts';

/** Posts one signed JSON body to the webhook; any 2xx answer is delivery. */
export interface WebhookSender {
  send(deliveryId: number, payload: Record<string, unknown>, now: Date): Promise<SendResult>;
}

/** Answers worth another try: the receiver is busy or down, not refusing the message. */
const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

export function createWebhookSender(url: string, secret: string, timeoutMs: number): WebhookSender {
  return {
    async send(deliveryId, payload, now) {
      const body = JSON.stringify(payload);
      const ts = Math.floor(now.getTime() / 1000);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: String(ts),
            [SIGNATURE_HEADER]: signWebhook(secret, ts, body),
            [DELIVERY_HEADER]: String(deliveryId),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const cause = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
        throw new DeliveryFailedError(cause, null, false);
      }
      // The answer's body is not read into the log: a receiver's error page may echo anything.
      await res.body?.cancel();
      if (res.ok) return { responseCode: res.status };
      throw new DeliveryFailedError(`HTTP ${res.status}`, res.status, !RETRYABLE(res.status));
    },
  };
}
