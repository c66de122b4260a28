import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { observeRequest } from '@/lib/monitoring/metrics';
import { requestContext } from '@/lib/monitoring/request-context';
import { InsertOutcomeUnknown } from '@/lib/db/group-insert';
import { currentActor } from '@/lib/auth/current-actor';
import { AppError, forbidden, unauthorized, type ErrorKind } from '@/lib/errors/app-error';
import { LOCALE_COOKIE, resolveLocale, type Locale } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import { logger } from '@/lib/logger';
import type { RequestOrigin } from '@/lib/audit/audit.service';
import { clientAddress } from '@/lib/http/client-address';
import { securityHeaders } from '@/lib/http/security-headers';
import type { SystemArea } from '@/lib/permissions/permission.types';
import type { Actor } from '@/lib/users/user.types';

export { created } from '@/lib/http/responses';
export { optionalJsonObject, readJsonObject, readSmallJsonObject } from '@/lib/http/json-body';
import { registerSubscribers } from '@/lib/subscribers';

// Every write that comes through a route announces its record events to workflows and rollups.
registerSubscribers();

export interface ApiContext<P> {
  req: Request;
  actor: Actor;
  params: P;
  locale: Locale;
  t: Translate;
  /** Where the request came from, for the audit log. */
  origin: RequestOrigin;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<unknown>;

/** The HTTP status of each kind of domain error. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatus(error: AppError): number {
  return STATUS[error.kind];
}

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
    const status = httpStatus(error);
    return Response.json(
      { error: { code: error.code, message: t(error.messageKey, error.params), fields: error.fields, problems: error.problems } },
      { status, headers: status === 503 ? { 'retry-after': '5' } : status === 429 ? { 'retry-after': String(error.params.retryAfter ?? 60) } : undefined },
    );
  }
  if (isUnavailable(error)) {
    logger.warn({ err: error }, 'a service did not answer');
    return Response.json({ error: { code: 'unavailable', message: t('error.unavailable') } }, { status: 503, headers: { 'retry-after': '5' } });
  }
  logger.error({ err: error }, 'request failed');
  return Response.json({ error: { code: 'internal', message: t('error.internal') } }, { status: 500 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the app is served from (NEXTAUTH_URL, which the launcher sets to the public URL), else the request's own. */
function ownOrigin(req: Request): string {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through
    }
  }
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? new URL(req.url).host;
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * A cookie rides along with any request a page on another site makes, so a change made with
 * one must come from the app's own pages: its Origin (or, without one, Sec-Fetch-Site) must
 * say so. Another port of the same host is another origin. API tokens are not sent by
 * browsers on their own, so token requests need no such check.
 */
function assertSameOrigin(req: Request): void {
  const origin = req.headers.get('origin');
  if (origin !== null) {
    // The public URL, or the host the browser itself connected to (the Host header it sent): a
    // page of another origin, another port included, sends its own origin and matches neither.
    const host = req.headers.get('host');
    const addressed = host ? `${new URL(req.url).protocol}//${host}` : null;
    if (origin !== ownOrigin(req) && origin !== new URL(req.url).origin && origin !== addressed) throw new AppError('forbidden', 'cross_origin', 'error.crossOrigin');
    return;
  }
  const site = req.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') throw new AppError('forbidden', 'cross_origin', 'error.crossOrigin');
}

/** What the body of a change must be: JSON unless the route takes uploads. Forms and text/plain (what other sites can send) are refused. */
function assertBodyType(req: Request, accepts: 'json' | 'multipart'): void {
  const length = req.headers.get('content-length');
  const hasBody = (length !== null && length !== '0') || req.headers.has('transfer-encoding');
  if (!hasBody) return;
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const wanted = accepts === 'multipart' ? 'multipart/form-data' : 'application/json';
  if (type !== wanted) throw new AppError('unsupported_media', 'unsupported_media_type', 'error.mediaType', { type: wanted });
}

/** The security headers (lib/http/security-headers.ts), unless the handler set its own policy (a download). */
function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(securityHeaders())) {
    if (!response.headers.has(name)) {
      try {
        response.headers.set(name, value);
      } catch {
        return response; // immutable headers (a redirect made elsewhere)
      }
    }
  }
  return response;
}

export interface RouteOptions {
  /** An area of the platform the caller's roles must reach (lib/permissions). */
  system?: SystemArea;
  /** What the body of a POST/PUT/PATCH is (default JSON). */
  accepts?: 'json' | 'multipart';
}

/**
 * Every API route goes through here: it authenticates (token or session), refuses
 * cross-site changes and bodies that are not what the route reads, checks the system area,
 * and turns domain errors into JSON in the caller's language. Record permissions are
 * decided by lib/permissions, asked by the services. Handlers return plain data (sent as
 * 200 JSON) or a Response.
 */
/**
 * What every route shares, signed in or not: a request id (the caller's X-Request-Id when it
 * is sane) on every log line and on the answer, the request's metrics and log line, and no
 * caching of a write's answer.
 */
async function served(req: Request, respond: () => Promise<Response>): Promise<Response> {
  const given = req.headers.get('x-request-id');
  const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  return requestContext().run({ requestId }, async () => {
    const started = performance.now();
    const response = await respond();
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
}

/**
 * Every API route goes through here: it authenticates (token or session), refuses
 * cross-site changes and bodies that are not what the route reads, checks the system area,
 * and turns domain errors into JSON in the caller's language. Record permissions are
 * decided by lib/permissions, asked by the services. Handlers return plain data (sent as
 * 200 JSON) or a Response.
 */
export function apiRoute<P = Record<string, string>>(handler: Handler<P>, options: RouteOptions = {}) {
  return async (req: Request, context: { params: Promise<P> }) => served(req, () => answer(handler, options, req, context));
}

export interface PublicApiContext<P> {
  req: Request;
  params: P;
  locale: Locale;
  t: Translate;
  /** The address the request came from (lib/http/client-address.ts): rate limits count by it. */
  address: string;
}

/**
 * The only routes anyone may call without a session or token: a public form's submission
 * (lib/public-forms). No identity is read, so nothing a session could do is reachable
 * through them; what the handler writes, it writes as the platform user lib/permissions
 * gives it. JSON bodies only, errors in the caller's language as everywhere else.
 */
export function publicApiRoute<P = Record<string, string>>(handler: (ctx: PublicApiContext<P>) => Promise<unknown>) {
  return async (req: Request, context: { params: Promise<P> }) =>
    served(req, async () => {
      const locale = await requestLocale(req);
      const t = translator(locale);
      try {
        if (!SAFE_METHODS.has(req.method)) assertBodyType(req, 'json');
        const result = await handler({ req, params: await context.params, locale, t, address: clientAddress(req.headers) });
        return withSecurityHeaders(result instanceof Response ? result : Response.json(result));
      } catch (error) {
        return withSecurityHeaders(errorResponse(error, t));
      }
    });
}

async function answer<P>(handler: Handler<P>, options: RouteOptions, req: Request, context: { params: Promise<P> }): Promise<Response> {
  {
    const locale = await requestLocale(req);
    const t = translator(locale);
    try {
      const unsafe = !SAFE_METHODS.has(req.method);
      if (unsafe) assertBodyType(req, options.accepts ?? 'json');
      const actor = await currentActor(req);
      if (!actor) throw unauthorized();
      if (unsafe && actor.via === 'session') assertSameOrigin(req);
      if (unsafe && actor.access.limits?.readOnly) throw forbidden();
      if (options.system && !actor.access.system(options.system)) throw forbidden();
      const origin = { address: clientAddress(req.headers), userAgent: req.headers.get('user-agent') };
      const result = await handler({ req, actor, params: await context.params, locale, t, origin });
      return withSecurityHeaders(result instanceof Response ? result : Response.json(result));
    } catch (error) {
      return withSecurityHeaders(errorResponse(error, t));
    }
  }
}
