import { badRequest } from '@/lib/errors/app-error';
import { DEMO_LOCALES, type DemoLocale } from '@/lib/templates/template.types';

export { optionalJsonObject } from '@/lib/http/json-body';

/** `demo` of a body or form: a demo data language, or nothing. */
export function demoLocale(value: unknown): DemoLocale | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!(DEMO_LOCALES as readonly unknown[]).includes(value)) throw badRequest(`demo must be one of ${DEMO_LOCALES.join(', ')}`);
  return value as DemoLocale;
}
