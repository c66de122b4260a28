import { readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { DEMO_LOCALES, type DemoLocale } from '@/lib/templates/template.types';

/** The JSON object body of a template action; an empty body is an empty object. */
export async function optionalJsonObject(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  return readJsonObject(new Request(req.url, { method: 'POST', body: text }));
}

/** `demo` of a body or form: a demo data language, or nothing. */
export function demoLocale(value: unknown): DemoLocale | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!(DEMO_LOCALES as readonly unknown[]).includes(value)) throw badRequest(`demo must be one of ${DEMO_LOCALES.join(', ')}`);
  return value as DemoLocale;
}
