// The mail module's public surface.
export type { Mailer, MailMessage, MailReceipt } from './mailer.ts';
export { createSmtpMailer, type SmtpOptions } from './smtp.ts';
