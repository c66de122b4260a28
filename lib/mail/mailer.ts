import nodemailer, { type Transporter } from 'nodemailer';
import { collection } from '@/lib/db/collections';
import { AppError } from '@/lib/errors/app-error';

/**
 * Email goes out over SMTP, configured by the environment:
 *   SALESFLOW_SMTP_URL   smtp://user:pass@host:587 (smtps:// for TLS on connect)
 *   SALESFLOW_MAIL_FROM  "Salesflow <noreply@example.com>"
 * Every message is first stored (the outbox, with an id derived from what sent it), then sent;
 * a message already sent is never sent again, and its Message-ID is derived from that id, so a
 * mail server that sees the same message twice after a crash can tell.
 */
export interface EmailDoc {
  _id: string;
  to: string[];
  subject: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  /** What the SMTP server answered. */
  response?: string;
  messageId: string;
  source: { kind: 'workflow' | 'notification'; runId?: string; stepId?: string; notificationId?: string };
  createdAt: Date;
  sentAt: Date | null;
}

export const mailNotConfigured = () => new AppError('unavailable', 'mail_not_configured', 'mail.notConfigured');

const holder = globalThis as unknown as { __salesflowMailer?: { url: string; transport: Transporter } };

function transport(): Transporter {
  const url = process.env.SALESFLOW_SMTP_URL;
  if (!url) throw mailNotConfigured();
  if (holder.__salesflowMailer?.url !== url) holder.__salesflowMailer = { url, transport: nodemailer.createTransport(url) };
  return holder.__salesflowMailer.transport;
}

export function mailConfigured(): boolean {
  return Boolean(process.env.SALESFLOW_SMTP_URL);
}

/** Stores a message once (a repeated call with the same id finds it). */
export async function storeEmail(message: Omit<EmailDoc, 'status' | 'attempts' | 'error' | 'createdAt' | 'sentAt' | 'messageId'>): Promise<EmailDoc> {
  const emails = await collection('emails');
  const doc: EmailDoc = { ...message, status: 'pending', attempts: 0, error: null, messageId: `<${message._id}@salesflow.local>`, createdAt: new Date(), sentAt: null };
  try {
    await emails.insertOne(doc);
    return doc;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return (await emails.findOne({ _id: message._id }))!;
  }
}

/** Sends a stored message unless it was sent already; answers it as it now stands. */
export async function deliverEmail(id: string): Promise<EmailDoc> {
  const emails = await collection('emails');
  const doc = await emails.findOne({ _id: id });
  if (!doc) throw new Error(`email ${id} does not exist`);
  if (doc.status === 'sent') return doc;
  const from = process.env.SALESFLOW_MAIL_FROM || 'Salesflow <noreply@salesflow.local>';
  try {
    const info = await transport().sendMail({ from, to: doc.to, subject: doc.subject, text: doc.text, messageId: doc.messageId });
    const sent = { status: 'sent' as const, sentAt: new Date(), response: String(info.response ?? ''), error: null, attempts: doc.attempts + 1 };
    await emails.updateOne({ _id: id }, { $set: sent });
    return { ...doc, ...sent };
  } catch (error) {
    await emails.updateOne({ _id: id }, { $set: { error: (error as Error).message, attempts: doc.attempts + 1 } });
    throw error;
  }
}
