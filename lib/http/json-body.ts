import { AppError, badRequest } from '@/lib/errors/app-error';
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

/**
 * A JSON object body of at most `maxBytes` (a body anyone may send: a public form), refused
 * with a 413 before it is parsed, whether its length was announced or not.
 */
export async function readSmallJsonObject(req: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const tooLarge = () => new AppError('too_large', 'too_large', 'error.bodyTooLarge', { kb: Math.floor(maxBytes / 1024) });
  const announced = Number(req.headers.get('content-length') ?? '0');
  if (announced > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = parseJsonText(Buffer.concat(chunks).toString('utf8'));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}
