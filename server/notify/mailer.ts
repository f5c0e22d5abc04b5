/**
 * SMTP through nodemailer, from the validated configuration: STARTTLS required by default,
 * TLS from the first byte for `implicit`, plain only when configured so (see config.ts). One
 * pooled connection, reused while messages keep coming; every wait bounded by SMTP_TIMEOUT_MS.
 */
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config';
import type { OutgoingMail } from './worker';

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ response?: string }>;
  /** drop the connection of a send that overran its deadline (a fresh one is made for the next) */
  abort(): void;
  close(): void;
}

export function createMailer(config: MailConfig): Mailer {
  const make = () => nodemailer.createTransport({
    pool: true, maxConnections: 1, maxMessages: 100,
    host: config.host, port: config.port,
    secure: config.tls === 'implicit', requireTLS: config.tls === 'starttls', ignoreTLS: config.tls === 'none',
    auth: config.user && config.password ? { user: config.user, pass: config.password } : undefined,
    connectionTimeout: config.timeoutMs, greetingTimeout: config.timeoutMs, socketTimeout: config.timeoutMs, dnsTimeout: config.timeoutMs,
    disableFileAccess: true, disableUrlAccess: true,
  });
  let transport = make();
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId,
        // automatic mail: no out-of-office replies back to Monev's address
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      return { response: info.response };
    },
    abort() {
      transport.close();
      transport = make();
    },
    close() {
      transport.close();
    },
  };
}
