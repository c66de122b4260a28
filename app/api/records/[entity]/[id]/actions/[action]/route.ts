import { apiRoute } from '@/lib/http/api-route';
import { AppError, badRequest } from '@/lib/errors/app-error';
import { parseJsonText } from '@/lib/http/json-body';
import { runEntityAction } from '@/lib/workflows/entity-action.service';

type Params = { entity: string; id: string; action: string };

/** The record version the user saw, from the body ({"version": n}) or If-Match; optional. */
async function seenVersion(req: Request): Promise<number | undefined> {
  const header = req.headers.get('if-match');
  const text = await req.text();
  const body: unknown = text.trim() ? parseJsonText(text) : {};
  const raw = (body as { version?: unknown })?.version ?? (header === null ? undefined : header.replace(/"/g, ''));
  if (raw === undefined || raw === null) return undefined;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw badRequest('version must be the record version');
  return version;
}

/**
 * Runs an entity action (a button on the record page) now and answers
 * { run: { id, status, error, output }, open?: { entity, id } }. A run that fails answers
 * with the error in the caller's language beside the run.
 */
export const POST = apiRoute<Params>(async ({ req, params, actor, t }) => {
  const result = await runEntityAction(params.entity, params.id, params.action, actor, t, await seenVersion(req));
  if (result.failure === undefined) return { run: result.run, ...(result.open ? { open: result.open } : {}) };
  const failure = result.failure;
  const error =
    failure instanceof AppError
      ? {
          status: 422,
          code: failure.code,
          // The fields named belong to the records the workflow writes, so they go into the message.
          message:
            failure.messageKey === 'error.validationNamed'
              ? t(failure.messageKey, failure.params)
              : [t(failure.messageKey, failure.params), ...Object.entries(failure.fields ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`)].join(' '),
          fields: failure.fields,
        }
      : { status: 422, code: 'action_failed', message: t('entityActions.failed', { detail: result.run.error ?? '' }) };
  return Response.json({ error: { code: error.code, message: error.message, fields: error.fields }, run: result.run }, { status: error.status });
});
