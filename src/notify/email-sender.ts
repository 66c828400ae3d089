import nodemailer from 'nodemailer';
import type { NotificationMessage } from './notification-message.ts';
import { DeliveryFailedError, type SendResult } from './delivery-error.ts';

/** Sends one message to one address over SMTP (nodemailer); failures become DeliveryFailedError. */
export interface EmailSender {
  send(to: string, message: NotificationMessage): Promise<SendResult>;
  close(): void;
}

export function createEmailSender(smtpUrl: string, from: string, timeoutMs: number): EmailSender {
  // nodemailer's own timeouts: a server that stops answering ends the send instead of holding the lease.
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return {
    async send(to, message) {
      try {
        const info = await transport.sendMail({ from, to, subject: message.subject, text: message.text });
        const code = /^(\d{3})/.exec(String(info.response ?? ''));
        return { responseCode: code ? Number(code[1]) : null };
      } catch (err) {
        const e = err as { responseCode?: number; message?: string };
        const code = typeof e.responseCode === 'number' ? e.responseCode : null;
        // 5xx is the server's final word on this message (unknown mailbox, refused sender); 4xx and
        // network errors may pass later.
        throw new DeliveryFailedError(e.message ?? String(err), code, code !== null && code >= 500);
      }
    },
    close() {
      transport.close();
    },
  };
}
