import type { MessageKey } from '@/lib/i18n/messages';
import type { FieldErrors } from '@/lib/validation/ajv-messages';

/**
 * What went wrong, as the domain sees it. No HTTP status here: the route wrapper
 * (lib/http/api-route.ts) maps each kind to one, and the worker never needs one.
 */
export const ERROR_KINDS = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported_media', 'unprocessable', 'gone', 'rate_limited', 'unavailable'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error the client is told about, in its language; anything else is an internal error. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly fields?: FieldErrors,
    /** Each problem of a definition that was refused, as a sentence. */
    readonly problems?: string[],
  ) {
    super(`${code}: ${messageKey} ${JSON.stringify(params)}`);
  }
}

export const unauthorized = () => new AppError('unauthenticated', 'unauthorized', 'error.unauthorized');
export const forbidden = () => new AppError('forbidden', 'forbidden', 'error.forbidden');
export const notFound = () => new AppError('not_found', 'not_found', 'error.notFound');
export const entityNotFound = (entity: string) => new AppError('not_found', 'not_found', 'error.entityNotFound', { entity });
export const badRequest = (detail: string) => new AppError('invalid', 'bad_request', 'error.badRequest', { detail });
export const conflict = (detail: string) => new AppError('conflict', 'conflict', 'error.conflict', { detail });
/** A definition (entity, workflow) that cannot be used, with each problem named. */
export const definitionInvalid = (what: string, problems: string[]) =>
  new AppError('invalid', 'definition_invalid', 'error.definitionInvalid', { what, count: problems.length, problems: problems.join('; ') }, undefined, problems);
/** A stored definition that cannot be used (saved before it was checked this well): fix it in the designer. */
export const definitionBroken = (what: string, problems: string[]) =>
  new AppError('conflict', 'definition_broken', 'error.definitionBroken', { what, problems: problems.join('; ') }, undefined, problems);
/**
 * Fields that are not valid, each with its messages. `named`: the same as one sentence naming
 * each field by its label, for a client that shows the message alone (a toast, a script's log).
 */
export const validationFailed = (fields: FieldErrors, named?: string) =>
  named ? new AppError('invalid', 'validation_failed', 'error.validationNamed', { details: named }, fields) : new AppError('invalid', 'validation_failed', 'error.validation', {}, fields);
