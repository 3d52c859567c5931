// The Mailer over SMTP with nodemailer. One pooled transport per process: the weekly digest sends
// thousands of messages in a burst, and reconnecting for each would dominate the time.
//
// Two things found by measuring (bench/digest-bench.ts): nodemailer.createTransport({ url, pool })
// drops every option but the URL's, so the pool is built directly; and nodemailer leaves Nagle's
// algorithm on, so the small end-of-data line waits for the server's delayed ACK (~40 ms per
// message). Our own sockets, with no delay, make a message cost about a millisecond on a LAN.
import net from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Mailer, MailMessage, MailReceipt } from './mailer.ts';

/** Tuning of the SMTP transport; defaults suit a school's relay. */
export interface SmtpOptions {
  /** Simultaneous connections to the server (default 4). */
  maxConnections?: number;
  /** Give up on a connection attempt or a silent server after this long (default 30 s). */
  timeoutMs?: number;
}

type SocketCallback = (
  err: Error | null,
  socketOptions?: { connection: net.Socket; secured?: boolean },
) => void;

/** Opens the connection nodemailer would, with Nagle's algorithm off. */
function openSocket(timeoutMs: number) {
  return (options: SMTPPool.Options, callback: SocketCallback): void => {
    const host = options.host ?? 'localhost';
    const secure = options.secure === true;
    const port = Number(options.port) || (secure ? 465 : 587);
    let done = false;
    const finish = (err: Error | null, socket?: net.Socket) => {
      if (done) return;
      done = true;
      socket?.setTimeout(0);
      if (err || !socket) callback(err ?? new Error('no socket'));
      else callback(null, secure ? { connection: socket, secured: true } : { connection: socket });
    };
    const socket: net.Socket = secure
      ? tls.connect(
          { host, port, servername: net.isIP(host) ? undefined : host, ...(options.tls ?? {}) },
          () => finish(null, socket),
        )
      : net.connect({ host, port }, () => finish(null, socket));
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      finish(new Error(`SMTP connection to ${host}:${port} timed out`));
    });
    socket.once('error', (error) => finish(error));
  };
}

/**
 * The message's data, with its end held until `beforeCommit` resolved. The end (the server's
 * "accepted") waits for two things: the data ended, and the server reading it (the SMTP connection
 * pipes it only after DATA was answered 354).
 */
function holdEnd(input: Readable, beforeCommit: () => Promise<void>): Readable {
  const output = new PassThrough();
  input.once('error', (error) => output.destroy(error));
  input.pipe(output, { end: false });
  const ended = new Promise((resolve) => input.once('end', resolve));
  const read = new Promise((resolve) => output.once('resume', resolve));
  Promise.all([ended, read])
    .then(beforeCommit)
    .then(
      () => output.end(),
      (error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  return output;
}

/** A Mailer for `SMTP_URL` (smtp://user:pass@host:587 or smtps://…) sending as `from` (`MAIL_FROM`). */
export function createSmtpMailer(smtpUrl: string, from: string, options: SmtpOptions = {}): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  const pool = new SMTPPool({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    getSocket: openSocket(timeout) as unknown as SMTPPool.Options['getSocket'],
  });
  const transport = nodemailer.createTransport(pool);
  transport.use('stream', (mail, done) => {
    const hook = (mail.data as { beforeCommit?: unknown }).beforeCommit;
    if (typeof hook === 'function')
      mail.message.processFunc((input) => holdEnd(input, hook as () => Promise<void>));
    done();
  });
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers ?? {},
        ...(message.messageId ? { messageId: `<${message.messageId}>` } : {}),
        ...(message.beforeCommit ? { beforeCommit: message.beforeCommit } : {}),
      });
      const accepted = (info.accepted as unknown[]).map((a) =>
        typeof a === 'string' ? a : String((a as { address?: unknown }).address ?? ''),
      );
      // nodemailer resolves when some recipients were refused; a digest has one, so that is a failure.
      // Not a comparison with `message.to`: nodemailer reports an IDN domain in punycode
      // (parent@élève.fr is accepted as parent@xn--lve-6lad.fr), and a delivered message must not be
      // retried into a dozen copies.
      const rejected = (info.rejected as unknown[] | undefined) ?? [];
      if (rejected.length > 0 || accepted.length === 0)
        throw new Error('the SMTP server refused the recipient');
      return { messageId: info.messageId, accepted };
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
