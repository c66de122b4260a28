import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import type { Translate } from '@/lib/i18n/messages';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { fieldErrorsFromAjv, type FieldErrors } from '@/lib/validation/ajv-messages';
import { validatorFor } from '@/lib/validation/schema-validator';

/**
 * What a client sent, made ready to validate: surrounding spaces trimmed, and empty strings
 * and nulls mean "no value" (forms and spreadsheets send both for an empty field).
 */
export function normaliseInput(input: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '' || value === null || value === undefined) continue;
    data[key] = value;
  }
  return data;
}

export function schemaErrors(def: EntityDefinition, data: Record<string, unknown>, t: Translate): FieldErrors | null {
  const validate = validatorFor(`${def.key}@${def.version}`, def.schema);
  if (validate(data)) return null;
  return fieldErrorsFromAjv(validate.errors ?? [], t);
}

/** Relation fields must point at records that exist. */
export async function relationErrors(def: EntityDefinition, data: Record<string, unknown>, t: Translate): Promise<FieldErrors | null> {
  const errors: FieldErrors = {};
  for (const [field, presentation] of Object.entries(def.fields)) {
    const target = presentation.relation?.entity;
    const value = data[field];
    if (!target || typeof value !== 'string') continue;
    const exists = ObjectId.isValid(value) && (await (await recordCollection(target)).countDocuments({ _id: new ObjectId(value) }, { limit: 1 })) > 0;
    if (!exists) errors[field] = [t('validation.format.record-id')];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
