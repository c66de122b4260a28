import { LRUCache } from 'lru-cache';
import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import { badRequest } from '@/lib/errors/app-error';
import { translator, type Translate } from '@/lib/i18n/messages';
import type { Locale } from '@/lib/i18n/locale';
import { enqueue } from '@/lib/jobs/jobs';
import { logger } from '@/lib/logger';
import { mailConfigured, storeEmail } from '@/lib/mail/mailer';
import { contactsOf } from '@/lib/users/user-directory';
import type { NotificationDoc, NotificationText, NotificationView, UserSettingsDoc } from '@/lib/notifications/notification.types';

export interface NewNotification {
  /** Derived from what sends it: one per (cause, person). */
  id: string;
  userId: string;
  title: NotificationText;
  message?: NotificationText;
  link?: NotificationDoc['link'];
  source: NotificationDoc['source'];
}

function render(text: NotificationText | undefined | null, t: Translate): string {
  if (text === undefined || text === null) return '';
  return typeof text === 'string' ? text : t(text.key, text.params);
}

/**
 * Notifies people, each once: the ids are derived, so a retried step finds its notifications
 * stored and sends nothing twice. Those who asked for email get one too (queued, stored first).
 * Answers how many were new.
 */
export async function notify(items: NewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const now = new Date();
  const docs: NotificationDoc[] = items.map((item) => ({
    _id: item.id,
    userId: item.userId,
    title: item.title,
    ...(item.message !== undefined ? { message: item.message } : {}),
    link: item.link ?? null,
    source: item.source,
    read: false,
    readAt: null,
    createdAt: now,
  }));
  const notifications = await collection('notifications');
  // Each goes in with the notifications other runs send at the same moment (one insertMany for
  // a burst of reminders); one already stored (a retried step) is a duplicate key, not an error.
  const outcomes = await Promise.allSettled(docs.map((doc) => groupInsert(notifications, doc)));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !isDuplicateKeyError(outcome.reason));
  if (failed) throw failed.reason;
  await emailCopies(docs);
  return outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
}

// Whether each person wants email, asked for every notification: briefly remembered.
const wantsEmail = new LRUCache<string, { yes: boolean }>({
  max: 10_000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (userId) => ({ yes: Boolean((await (await collection('userSettings')).findOne({ _id: userId }))?.emailNotifications) }),
});

/** Email copies for the people who want them; stored (derived ids) and queued, so a repeat sends none. */
async function emailCopies(docs: NotificationDoc[]): Promise<void> {
  if (!mailConfigured()) return;
  const wanting = new Set<string>();
  for (const userId of new Set(docs.map((doc) => doc.userId))) {
    if ((await wantsEmail.fetch(userId))?.yes) wanting.add(userId);
  }
  if (wanting.size === 0) return;
  const contacts = new Map((await contactsOf([...wanting])).map((contact) => [contact.id, contact]));
  for (const doc of docs) {
    const contact = contacts.get(doc.userId);
    if (!contact?.email) continue;
    // Email goes in Chinese and English both: the platform does not know a person's language outside a request.
    const zh = translator('zh-CN');
    const en = translator('en');
    const subject = render(doc.title, zh) === render(doc.title, en) ? render(doc.title, en) : `${render(doc.title, zh)} / ${render(doc.title, en)}`;
    const body = [render(doc.message, zh), render(doc.message, en)].filter((text, index, all) => text && all.indexOf(text) === index).join('\n\n');
    const email = await storeEmail({ _id: `notification-${doc._id}`, to: [contact.email], subject, text: body || subject, source: { kind: 'notification', notificationId: doc._id } });
    if (email.status === 'sent') continue;
    try {
      await enqueue('send-email', { emailId: email._id }, { jobId: `email-${email._id}` });
    } catch (error) {
      logger.warn({ err: error, emailId: email._id }, 'could not queue a notification email');
    }
  }
}

export function toNotificationView(doc: NotificationDoc, locale: Locale): NotificationView {
  const t = translator(locale);
  return {
    id: doc._id,
    title: render(doc.title, t),
    message: render(doc.message, t),
    link: doc.link ?? null,
    source: doc.source.kind,
    read: doc.read,
    createdAt: doc.createdAt.toISOString(),
  };
}

/** A person's notifications, newest first; `unread` only those not read yet. */
export async function listNotifications(userId: string, locale: Locale, options: { unread?: boolean; limit?: number; before?: string } = {}): Promise<NotificationView[]> {
  const filter: Record<string, unknown> = { userId };
  if (options.unread) filter.read = false;
  if (options.before) {
    const before = new Date(options.before);
    if (Number.isNaN(before.getTime())) throw badRequest('before must be a date');
    filter.createdAt = { $lt: before };
  }
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const docs = await (await collection('notifications')).find(filter).sort({ createdAt: -1 }).limit(limit).toArray();
  return docs.map((doc) => toNotificationView(doc, locale));
}

export async function unreadCount(userId: string): Promise<number> {
  return (await collection('notifications')).countDocuments({ userId, read: false });
}

/** Marks some (or, without ids, all) of a person's notifications read. Answers how many changed. */
export async function markRead(userId: string, ids?: string[]): Promise<number> {
  const notifications = await collection('notifications');
  const now = new Date();
  if (ids === undefined) {
    return (await notifications.updateMany({ userId, read: false }, { $set: { read: true, readAt: now } })).modifiedCount;
  }
  if (!Array.isArray(ids) || ids.length > 200 || ids.some((id) => typeof id !== 'string')) throw badRequest('ids must be a list of notification ids');
  let changed = 0;
  // One update by _id each (with the owner in the filter: nobody marks another's).
  for (const id of ids) changed += (await notifications.updateOne({ _id: id, userId, read: false }, { $set: { read: true, readAt: now } })).modifiedCount;
  return changed;
}

export async function userSettings(userId: string): Promise<{ emailNotifications: boolean; mailConfigured: boolean }> {
  const doc = await (await collection('userSettings')).findOne({ _id: userId });
  return { emailNotifications: doc?.emailNotifications ?? false, mailConfigured: mailConfigured() };
}

export async function saveUserSettings(userId: string, input: Record<string, unknown>): Promise<{ emailNotifications: boolean; mailConfigured: boolean }> {
  if (typeof input.emailNotifications !== 'boolean') throw badRequest('emailNotifications must be true or false');
  const doc: UserSettingsDoc = { _id: userId, emailNotifications: input.emailNotifications, updatedAt: new Date() };
  await (await collection('userSettings')).replaceOne({ _id: userId }, doc, { upsert: true });
  wantsEmail.delete(userId);
  return userSettings(userId);
}
