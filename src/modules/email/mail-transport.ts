/**
 * Sends one email over SMTP with nodemailer: the server's relay (SMTP_URL...) or a project's own.
 * A project's SMTP host is a customer-given address like a webhook target: unless
 * ALLOW_PRIVATE_OUTBOUND is set, it must resolve to public addresses only, and the connection is
 * made to the address that was checked (so re-pointing the name afterwards cannot reach inside).
 * One connection per email: email is rare next to chat, and nothing is left open on shutdown.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../../config.js';
import { forbiddenRange } from '../../platform/http/address-ranges.js';

export interface OutgoingEmail {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** `<id@domain>`: the same for every attempt, so a receiver can drop a duplicate. */
  messageId: string;
}

/** Retrying cannot help: the server refused the message or address for good, or the host is not allowed. */
export class PermanentMailError extends Error {}

export interface TransportOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Sends `email`; resolves to the server's answer, throws PermanentMailError or a retryable error. */
export async function sendMail(
  smtp: SmtpSettings,
  email: OutgoingEmail,
  options: TransportOptions & { customerGiven: boolean },
): Promise<string> {
  const host = options.customerGiven && !options.allowPrivate ? await publicAddressOf(smtp.host) : smtp.host;
  const transport = createTransport({
    host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    // The certificate is checked against the name, not the address connected to.
    ...(isIP(smtp.host) === 0 && { tls: { servername: smtp.host } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: email.from,
      to: email.to,
      ...(email.replyTo && { replyTo: email.replyTo }),
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: email.messageId,
    });
    return String(info.response ?? '');
  } catch (error) {
    throw classify(error);
  } finally {
    transport.close();
  }
}

/** A 5xx answer is the server's final word (unknown mailbox, rejected sender): no retry. */
function classify(error: unknown): Error {
  const { responseCode, message } = error as { responseCode?: number; message?: string };
  const text = message ?? String(error);
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
    return new PermanentMailError(text);
  }
  return error instanceof Error ? error : new Error(text);
}

async function publicAddressOf(host: string): Promise<string> {
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new Error(`SMTP host ${host} could not be resolved`);
  for (const { address } of addresses) {
    const range = forbiddenRange(address);
    if (range) throw new PermanentMailError(`SMTP host ${host} resolves to a ${range} address, which is not allowed`);
  }
  return addresses[0]!.address; // not empty (checked above)
}
