import { cookies } from 'next/headers';
import { currentActor } from '@/lib/auth/current-actor';
import { AppError, badRequest, forbidden, unauthorized } from '@/lib/http/errors';
import { LOCALE_COOKIE, resolveLocale, type Locale } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import { logger } from '@/lib/logger';
import type { Actor, Role } from '@/lib/users/user.types';
import { registerSubscribers } from '@/lib/subscribers';

// Every write that comes through a route announces its record events to workflows and rollups.
registerSubscribers();

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

export function errorResponse(error: unknown, t: Translate): Response {
  if (error instanceof AppError) {
    return Response.json(
      { error: { code: error.code, message: t(error.messageKey, error.params), fields: error.fields } },
      { status: error.status },
    );
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
  };
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
