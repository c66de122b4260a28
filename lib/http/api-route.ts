import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { observeRequest } from '@/lib/monitoring/metrics';
import { requestContext } from '@/lib/monitoring/request-context';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { InsertOutcomeUnknown } from '@/lib/db/group-insert';
import { currentActor } from '@/lib/auth/current-actor';
import { AppError, badRequest, forbidden, unauthorized } from '@/lib/http/errors';
import { LOCALE_COOKIE, resolveLocale, type Locale } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import { logger } from '@/lib/logger';
import type { Actor, Role } from '@/lib/users/user.types';

export interface ApiContext<P> {
  req: Request;
  actor: Actor;
  params: P;
  locale: Locale;
  t: Translate;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<unknown>;

async function requestLocale(req: Request): Promise<Locale> {
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  return resolveLocale(cookieLocale, req.headers.get('accept-language'));
}

/**
 * A service that did not answer: the database (a network error, no server to select), Redis,
 * or an insert whose outcome stayed unknown. The client is told to try again (503), not that
 * something broke (500); the write sequence leaves nothing half-made behind such an error.
 */
function isUnavailable(error: unknown): boolean {
  if (error instanceof InsertOutcomeUnknown || error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  if (error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|Command timed out|Reached the max retries per request/.test(message);
}

export function errorResponse(error: unknown, t: Translate): Response {
  if (error instanceof AppError) {
    return Response.json(
      { error: { code: error.code, message: t(error.messageKey, error.params), fields: error.fields, problems: error.problems } },
      { status: error.status, headers: error.status === 503 ? { 'retry-after': '5' } : undefined },
    );
  }
  if (isUnavailable(error)) {
    logger.warn({ err: error }, 'a service did not answer');
    return Response.json({ error: { code: 'unavailable', message: t('error.unavailable') } }, { status: 503, headers: { 'retry-after': '5' } });
  }
  logger.error({ err: error }, 'request failed');
  return Response.json({ error: { code: 'internal', message: t('error.internal') } }, { status: 500 });
}

/**
 * Every API route goes through here: it authenticates (token or session), checks the role,
 * and turns domain errors into JSON in the caller's language. Handlers return plain data
 * (sent as 200 JSON) or a Response.
 */
export function apiRoute<P = Record<string, string>>(handler: Handler<P>, options: { roles?: Role[] } = {}) {
  return async (req: Request, context: { params: Promise<P> }) => {
    // A request id (the caller's X-Request-Id when it is sane): every log line of the request
    // carries it, and the answer returns it.
    const given = req.headers.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    return requestContext().run({ requestId }, async () => {
      const started = performance.now();
      const response = await answer(handler, options, req, context);
      const path = new URL(req.url).pathname;
      const ms = performance.now() - started;
      observeRequest(req.method, path, response.status, ms / 1000);
      logger.info({ method: req.method, path, status: response.status, ms: Math.round(ms) }, 'request');
      response.headers.set('x-request-id', requestId);
      if (req.method !== 'GET' && req.method !== 'HEAD' && !response.headers.has('cache-control')) {
        // The answer to a write is one record or a short report, never cached: compressing it
        // costs the server more than the bytes it saves (`no-transform` tells Next.js to skip it).
        response.headers.set('cache-control', 'no-store, no-transform');
      }
      return response;
    });
  };
}

async function answer<P>(handler: Handler<P>, options: { roles?: Role[] }, req: Request, context: { params: Promise<P> }): Promise<Response> {
  const locale = await requestLocale(req);
  const t = translator(locale);
  try {
    const actor = await currentActor(req);
    if (!actor) throw unauthorized();
    if (options.roles && !options.roles.includes(actor.role)) throw forbidden();
    const result = await handler({ req, actor, params: await context.params, locale, t });
    return result instanceof Response ? result : Response.json(result);
  } catch (error) {
    return errorResponse(error, t);
  }
}

/** The request body as a JSON object, or a 400 that says what is wrong with it. */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw badRequest('the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

export function created(body: unknown): Response {
  return Response.json(body, { status: 201 });
}
