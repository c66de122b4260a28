import { badRequest } from '@/lib/errors/app-error';
import { parseJsonText } from '@/lib/validation/safe-json';

export { isReservedKey, parseJsonText } from '@/lib/validation/safe-json';

/** The request body as a JSON object, or a 400 that says what is wrong with it. */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const body = parseJsonText(await req.text());
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A JSON object body that may be left out (an empty body is an empty object). */
export async function optionalJsonObject(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  const body = parseJsonText(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}
