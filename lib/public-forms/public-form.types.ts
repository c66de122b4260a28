import type { LocalizedText } from '@/lib/i18n/locale';

/**
 * A form of an entity published as a link anyone may open and submit without signing in
 * (外链公开表单): which fields it asks for, in which order, what it says, and when it takes
 * submissions. A definition: versioned, checked completely before use, carried by template packs.
 * The link's slug and the submission count are not part of it: they belong to one installation.
 */
export interface PublicFormDefinition {
  /** Stable key, unique on the installation (e.g. "contact-us"). */
  key: string;
  /** Counts saves; every saved version is kept in public_form_versions. */
  version: number;
  /** The entity a submission creates a record of. */
  entity: string;
  /** Keys of the entity's fields the visitor fills, in form order. */
  fields: string[];
  title: LocalizedText;
  description?: LocalizedText;
  /** Shown once a submission is saved. */
  thankYou: LocalizedText;
  /** Submissions are taken from this moment on (ISO 8601 date-time); absent: at once. */
  opensAt?: string | null;
  /** …and until this moment; absent: without end. */
  closesAt?: string | null;
  /** At most this many submissions in all; absent: no limit. */
  submissionLimit?: number | null;
  /** Switched off: the link answers that the form is closed. */
  enabled: boolean;
  /** The template pack that installed it, if any. */
  template?: string;
}

export interface PublicFormDoc extends PublicFormDefinition {
  _id: string;
  /** The unguessable part of the link (/f/<slug>); a new one revokes the old link. */
  slug: string;
  updatedAt: Date;
  /** A person's id, or "template". */
  updatedBy: string;
}

export interface PublicFormVersionDoc {
  _id: string;
  form: string;
  version: number;
  definition: PublicFormDefinition;
  savedAt: Date;
  savedBy: string;
}

/** Submissions taken so far, kept apart from the form so that saving the form never loses a count. */
export interface PublicFormCounterDoc {
  _id: string;
  submissions: number;
}

export const PUBLIC_FORM_KEY_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;

/** Why a form takes no submission now. */
export type PublicFormClosure = 'disabled' | 'not_open' | 'closed' | 'full';
