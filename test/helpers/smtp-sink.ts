/**
 * A real SMTP server in the test process (smtp-server), reading what arrives with mailparser:
 * the emails as a mail client would see them. It can refuse recipients (a 550 for an address
 * containing "bounce") and go down and come back on the same port (an SMTP outage).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  replyTo: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  /** SMTP_URL for a Parley server sending here. */
  url: string;
  received: ReceivedEmail[];
  /** Waits until an email matches (default: up to 15 s), and returns it. */
  waitFor(match: (email: ReceivedEmail) => boolean, what?: string, timeoutMs?: number): Promise<ReceivedEmail>;
  /** The emails sent to this address so far. */
  to(address: string): ReceivedEmail[];
  /** Stops accepting connections (an outage); `up()` listens on the same port again. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  let server: SMTPServer | undefined;

  function create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username });
      },
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.includes('bounce')) {
          const error = Object.assign(new Error(`Mailbox ${address.address} does not exist`), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const addresses = (value: ParsedMail['to']) =>
              (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) =>
                group.value.map((entry) => entry.address ?? ''),
              );
            received.push({
              from: parsed.from?.text ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              replyTo: parsed.replyTo?.text,
              parsed,
            });
            callback();
          })
          .catch(callback);
      },
    });
  }

  async function listen(onPort: number): Promise<number> {
    server = create();
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(onPort, '127.0.0.1', () => resolve());
    });
    return (listening.server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const closing = server;
    server = undefined;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  const bound = await listen(port);
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received,
    async waitFor(match, what = 'an email', timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = received.map((email) => `${email.to.join(',')}: ${email.subject}`).join('\n  ');
          throw new Error(`no ${what} arrived; received:\n  ${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    to(address) {
      return received.filter((email) => email.to.includes(address.toLowerCase()));
    },
    down: stop,
    async up() {
      await listen(bound);
    },
    close: stop,
  };
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(email: ReceivedEmail, prefix: string): string {
  const link = email.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in:\n${email.text}`);
  return link;
}
