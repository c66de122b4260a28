import { collection } from '@/lib/db/collections';
import { AppError, notFound } from '@/lib/errors/app-error';
import { findEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import { publicFormActor } from '@/lib/permissions/public-form-access';
import { createRecord } from '@/lib/records/record.service';
import { publicFormProblems } from '@/lib/public-forms/public-form.checks';
import { definitionOf, SLUG_PATTERN } from '@/lib/public-forms/public-form.service';
import { ensurePublicFormUser } from '@/lib/public-forms/public-form-user';
import { throttleSubmission } from '@/lib/public-forms/submission-throttle';
import type { PublicFormClosure, PublicFormDoc } from '@/lib/public-forms/public-form.types';

/**
 * The trap field: the public page renders it out of sight, so people leave it empty and form
 * filling robots fill it. A filled one is answered like a success and nothing is written.
 */
export const HONEYPOT_FIELD = 'homepage';

/** The largest submission body taken: a form of text fields, with room to spare. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;

/** What the public page shows: the form's texts in the visitor's language and the entity cut down to the fields it asks. */
export interface PublicFormPage {
  title: string;
  description: string;
  /** The entity with only the form's fields, in the form's order: rendered with the record form's widgets. */
  entity: EntityDefinition;
  /** Why it takes nothing now (the page says so instead of showing the fields). */
  closure: PublicFormClosure | null;
}

async function findBySlug(slug: string): Promise<PublicFormDoc | null> {
  if (typeof slug !== 'string' || !SLUG_PATTERN.test(slug)) return null;
  return (await collection('publicForms')).findOne({ slug });
}

async function submissionCount(key: string): Promise<number> {
  return (await (await collection('publicFormCounters')).findOne({ _id: key }))?.submissions ?? 0;
}

function closureOf(form: PublicFormDoc, submissions: number, now = new Date()): PublicFormClosure | null {
  if (!form.enabled) return 'disabled';
  if (form.opensAt && now < new Date(form.opensAt)) return 'not_open';
  if (form.closesAt && now >= new Date(form.closesAt)) return 'closed';
  if (form.submissionLimit && submissions >= form.submissionLimit) return 'full';
  return null;
}

/** The error a closed form answers with: 403 before it opens, 410 once it is over (closed, full or switched off). */
function closedError(closure: PublicFormClosure): AppError {
  return new AppError(closure === 'not_open' ? 'forbidden' : 'gone', `form_${closure}`, `publicForm.closure.${closure}`);
}

/**
 * The form behind a link with its entity, or null when the link leads nowhere (an unknown or
 * revoked slug, an entity gone or whose form no longer passes its checks: all answered 404).
 */
async function openForm(slug: string): Promise<{ form: PublicFormDoc; entity: EntityDefinition } | null> {
  const form = await findBySlug(slug);
  if (!form) return null;
  const entity = await findEntity(form.entity);
  if (!entity) return null;
  // The entity may have changed since the form was saved (a field removed or made computed).
  if (publicFormProblems(definitionOf(form), entity).length > 0) return null;
  return { form, entity };
}

function formEntity(entity: EntityDefinition, fields: string[]): EntityDefinition {
  const byKey = new Map(entity.fields.map((field) => [field.key, field]));
  return {
    key: entity.key,
    version: entity.version,
    label: entity.label,
    displayField: fields[0],
    fields: fields.map((key) => {
      const { section: _section, ...field } = byKey.get(key)!;
      return field;
    }),
    listView: { columns: [], sort: [], pageSize: 20 },
  };
}

/** What the public page at /f/<slug> shows, or null for a link that leads nowhere. */
export async function publicFormPage(slug: string, locale: Locale): Promise<PublicFormPage | null> {
  const opened = await openForm(slug);
  if (!opened) return null;
  const { form, entity } = opened;
  return {
    title: pick(form.title, locale),
    description: pick(form.description, locale),
    entity: formEntity(entity, form.fields),
    closure: closureOf(form, await submissionCount(form._id)),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A visitor's submission: counted against the address's rate limit first, then the link,
 * the body (`{values: {field: value}, homepage?}`: a value for a field the form does not ask
 * is refused with a 400, nothing written), the form's dates, limit and switch, the trap field;
 * then one record is created through the record service as the public-form user, with only
 * the form's rights, so validation, defaults, numbering and workflows are those of any create.
 */
export async function submitPublicForm(slug: string, body: Record<string, unknown>, { t, locale, address }: { t: Translate; locale: Locale; address: string }): Promise<{ message: string }> {
  const wait = await throttleSubmission(address);
  if (wait > 0) throw new AppError('rate_limited', 'rate_limited', 'publicForm.rateLimited', { minutes: Math.ceil(wait / 60), retryAfter: wait });
  const opened = await openForm(slug);
  if (!opened) throw notFound();
  const { form } = opened;

  const unknownKeys = Object.keys(body).filter((key) => key !== 'values' && key !== HONEYPOT_FIELD);
  if (unknownKeys.length > 0) throw new AppError('invalid', 'unknown_property', 'publicForm.unknownProperty', { names: unknownKeys.join(', ') });
  if (!isObject(body.values)) throw new AppError('invalid', 'bad_request', 'publicForm.valuesMissing');
  const values = body.values;
  const asked = new Set(form.fields);
  const extra = Object.keys(values).filter((key) => !asked.has(key));
  if (extra.length > 0) {
    throw new AppError('invalid', 'field_not_on_form', 'publicForm.fieldNotOnForm', { names: extra.join(', ') }, Object.fromEntries(extra.map((key) => [key, [t('publicForm.fieldNotOnForm', { names: key })]])));
  }
  const honeypot = body[HONEYPOT_FIELD];
  const thanks = { message: pick(form.thankYou, locale) };

  const counters = await collection('publicFormCounters');
  const closure = closureOf(form, form.submissionLimit ? await submissionCount(form._id) : 0);
  if (closure) throw closedError(closure);
  if (honeypot !== undefined && honeypot !== null && honeypot !== '') return thanks;

  // A limited form takes a place before writing (so parallel submissions cannot pass the
  // limit) and gives it back when the record is refused.
  if (form.submissionLimit) {
    const taken = await counters.updateOne({ _id: form._id, submissions: { $lt: form.submissionLimit } }, { $inc: { submissions: 1 } });
    if (taken.matchedCount === 0) throw closedError('full');
  }
  try {
    const actor = await publicFormActor(await ensurePublicFormUser(), { entity: form.entity, fields: form.fields });
    await createRecord(form.entity, values, { actor, t });
  } catch (error) {
    if (form.submissionLimit) await counters.updateOne({ _id: form._id }, { $inc: { submissions: -1 } });
    throw error;
  }
  if (!form.submissionLimit) await counters.updateOne({ _id: form._id }, { $inc: { submissions: 1 } }, { upsert: true });
  return thanks;
}
