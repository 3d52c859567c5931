// The port the reports talk to for e-mail. Services never see nodemailer: tests and the sandbox can
// plug anything that delivers a message, and the SMTP adapter lives next door (smtp.ts).

/** One e-mail, ready to send: both bodies, already in the recipient's language. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, such as List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  /** A stable Message-ID (without angle brackets), so a resent copy can be recognised as the same. */
  messageId?: string;
  /**
   * Called once the server is receiving the message, before the end of its data (the moment the
   * server accepts it): the SMTP transport holds that end until this resolves, so a caller can
   * write down "being accepted" first. A process killed before then leaves the server a message
   * without its end, which it discards. Mailers that cannot hold the end may ignore it.
   */
  beforeCommit?: () => Promise<void>;
}

/** What the SMTP server said about a message it accepted. */
export interface MailReceipt {
  messageId: string;
  accepted: string[];
}

/**
 * Sends e-mail. `send` rejects when the message was not accepted (server down, refused): callers
 * let the job fail so the scheduler retries it with back-off.
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
  /** Closes pooled connections (shutdown, end of a test). */
  close(): Promise<void>;
}
