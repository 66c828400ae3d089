/**
 * A send that did not arrive. `permanent`: trying again cannot help (the receiver refused the
 * message itself: a rejected address, a 4xx answer), so the delivery is given up at once.
 */
export class DeliveryFailedError extends Error {
  constructor(message: string, readonly responseCode: number | null, readonly permanent: boolean) {
    super(message);
    this.name = 'DeliveryFailedError';
  }
}

/** The answer of a receiver that took the message. */
export interface SendResult {
  responseCode: number | null;
}
