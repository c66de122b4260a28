import type { ErrorObject } from 'ajv';
import { en, type MessageKey } from '@/lib/i18n/catalog/en';
import type { Translate } from '@/lib/i18n/messages';

/** Field key → messages, as the HTTP API returns them and forms show them. */
export type FieldErrors = Record<string, string[]>;

function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** One message in the user's language for an ajv error, shared by form and server. */
export function messageForAjvError(error: ErrorObject, t: Translate): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return t('validation.required');
    case 'format': {
      const key = `validation.format.${String(params.format)}`;
      return isMessageKey(key) ? t(key) : t('validation.format', { format: String(params.format) });
    }
    case 'type':
      // A whole number is a number without decimals: say so, with the limit.
      return params.type === 'integer' ? t('validation.wholeNumber') : t('validation.type', { type: String(params.type) });
    case 'decimals':
      return t('validation.decimals', { decimals: String(params.limit) });
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'maxItems':
      return t(`validation.${error.keyword}`, { limit: String(params.limit) });
    case 'pattern':
      return t('validation.pattern');
    case 'enum':
    case 'const':
    case 'oneOf':
      return t('validation.enum');
    case 'additionalProperties':
      return t('validation.additionalProperties', { property: String(params.additionalProperty) });
    default:
      return t('validation.other');
  }
}

/** The top-level field an error belongs to ("" for the record as a whole). */
export function fieldOfAjvError(error: ErrorObject): string {
  if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty);
  if (error.keyword === 'additionalProperties') {
    return String((error.params as { additionalProperty: string }).additionalProperty);
  }
  return error.instancePath.split('/')[1] ?? '';
}

export function fieldErrorsFromAjv(errors: ErrorObject[], t: Translate): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    const field = fieldOfAjvError(error);
    const message = messageForAjvError(error, t);
    const list = (result[field] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return result;
}
