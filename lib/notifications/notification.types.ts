import type { MessageKey } from '@/lib/i18n/messages';

/** Text an admin wrote (already filled in), or a platform message shown in the reader's language. */
export type NotificationText = string | { key: MessageKey; params?: Record<string, string | number> };

export interface NotificationDoc {
  /** Derived from what sent it (run and step and person), so a retried step notifies once. */
  _id: string;
  userId: string;
  title: NotificationText;
  message?: NotificationText;
  /** The record it is about: the list links to it. */
  link?: { entity: string; recordId: string } | null;
  source: { kind: 'workflow' | 'approval'; workflowKey?: string; runId?: string; approvalId?: string };
  read: boolean;
  readAt: Date | null;
  createdAt: Date;
}

/** A person's choices about notifications. */
export interface UserSettingsDoc {
  _id: string;
  /** Also send each notification by email. */
  emailNotifications: boolean;
  updatedAt: Date;
}

export interface NotificationView {
  id: string;
  title: string;
  message: string;
  link: { entity: string; recordId: string } | null;
  source: NotificationDoc['source']['kind'];
  read: boolean;
  createdAt: string;
}
