import type { EntityDefinition } from '@/lib/entities/entity.types';
import { fieldType } from '@/lib/fields/registry';
import { FIELD_TYPE_KEYS, type FieldTypeKey } from '@/lib/fields/field.types';
import { PUBLIC_FORM_KEY_PATTERN, type PublicFormDefinition } from '@/lib/public-forms/public-form.types';

const KNOWN = new Set(['key', 'version', 'entity', 'fields', 'title', 'description', 'thankYou', 'opensAt', 'closesAt', 'submissionLimit', 'enabled', 'template']);
const MAX_FIELDS = 50;
const MAX_TEXT = { title: 200, description: 2000, thankYou: 2000 } as const;

const typeOf = (key: string) => ((FIELD_TYPE_KEYS as readonly string[]).includes(key) ? fieldType(key as FieldTypeKey) : null);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function textProblems(value: unknown, name: keyof typeof MAX_TEXT, required: boolean): string[] {
  if (value === undefined || value === null) return required ? [`${name} is required (in zh-CN and en)`] : [];
  if (!isObject(value)) return [`${name} must give the text in zh-CN and en`];
  const problems: string[] = [];
  for (const locale of ['zh-CN', 'en']) {
    const text = value[locale];
    if (typeof text !== 'string' || (required && !text.trim())) problems.push(`${name} needs its ${locale} text`);
    else if (text.length > MAX_TEXT[name]) problems.push(`${name} (${locale}) is longer than ${MAX_TEXT[name]} characters`);
  }
  for (const key of Object.keys(value)) if (key !== 'zh-CN' && key !== 'en') problems.push(`${name} has an unknown language "${key}"`);
  return problems;
}

function momentProblem(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) return [`${name} must be a date and time (ISO 8601), e.g. 2026-12-31T18:00:00+08:00`];
  return [];
}

/**
 * Everything wrong with a public form definition, checked against the entity it writes to
 * (null: the entity does not exist). Empty when it can be used; never throws, whatever JSON it
 * is given. A field is offered only when a visitor without an account may fill it: its type
 * reveals nothing stored and needs no upload (FieldType.publicForm), the form may write it (not
 * computed, read-only, hidden or restricted to some roles), and a record can be saved from
 * what the form asks (every required field without a default is asked).
 */
export function publicFormProblems(input: unknown, entity: EntityDefinition | null): string[] {
  if (!isObject(input)) return ['a public form must be an object'];
  const form = input as Partial<PublicFormDefinition> & Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(form)) if (!KNOWN.has(key)) problems.push(`unknown property "${key}"`);
  if (typeof form.key !== 'string' || !PUBLIC_FORM_KEY_PATTERN.test(form.key)) problems.push('key must be lowercase letters, digits and "-", starting with a letter (at most 48)');
  if (typeof form.version !== 'number' || !Number.isInteger(form.version) || form.version < 1) problems.push('version must be a whole number from 1');
  if (typeof form.enabled !== 'boolean') problems.push('enabled must be true or false');
  if (form.template !== undefined && typeof form.template !== 'string') problems.push('template must be a pack key');
  problems.push(...textProblems(form.title, 'title', true), ...textProblems(form.description, 'description', false), ...textProblems(form.thankYou, 'thankYou', true));
  problems.push(...momentProblem(form.opensAt, 'opensAt'), ...momentProblem(form.closesAt, 'closesAt'));
  if (typeof form.opensAt === 'string' && typeof form.closesAt === 'string' && Date.parse(form.opensAt) >= Date.parse(form.closesAt)) problems.push('closesAt must come after opensAt');
  const limit = form.submissionLimit;
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000_000)) problems.push('submissionLimit must be a whole number from 1, or left out');

  if (typeof form.entity !== 'string' || !form.entity) {
    problems.push('entity must name the entity a submission creates');
    return problems;
  }
  if (!entity) {
    problems.push(`entity "${form.entity}" does not exist`);
    return problems;
  }
  if (!Array.isArray(form.fields) || form.fields.length === 0) {
    problems.push('fields must list at least one field of the entity');
    return problems;
  }
  if (form.fields.length > MAX_FIELDS) problems.push(`fields may list at most ${MAX_FIELDS} fields`);
  const byKey = new Map(entity.fields.map((field) => [field.key, field]));
  const asked = new Set<string>();
  for (const key of form.fields) {
    if (typeof key !== 'string') {
      problems.push('fields must be field keys');
      continue;
    }
    if (asked.has(key)) problems.push(`field "${key}" is listed twice`);
    asked.add(key);
    const field = byKey.get(key);
    if (!field) {
      problems.push(`field "${key}" is not a field of ${entity.key}`);
      continue;
    }
    const type = typeOf(field.type);
    if (!type?.publicForm) problems.push(`field "${key}" (${field.type}) cannot be offered on a public form: a visitor could see stored records or people, or upload files`);
    else if (type.computed || field.readOnly) problems.push(`field "${key}" is computed or read-only: a visitor cannot fill it`);
    else if (field.hidden) problems.push(`field "${key}" is hidden on forms`);
    else if (field.visibleTo) problems.push(`field "${key}" is shown only to some roles`);
    if (field.visibleWhen && !form.fields.includes(field.visibleWhen.field)) problems.push(`field "${key}" is shown only when "${field.visibleWhen.field}" holds some value: ask for that field too`);
  }
  for (const field of entity.fields) {
    if (field.required && field.default === undefined && !typeOf(field.type)?.computed && !asked.has(field.key) && !field.visibleWhen) {
      problems.push(`field "${field.key}" is required and has no default: the form must ask for it`);
    }
  }
  return problems;
}
