import type { MessageKey } from '@/lib/i18n/messages';
import type { FieldErrors } from '@/lib/validation/ajv-messages';

/** An error the client is told about, in its language; anything else is a 500. */
export class AppError extends Error {
  constructor(
    readonly status: number,
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

export const unauthorized = () => new AppError(401, 'unauthorized', 'error.unauthorized');
export const forbidden = () => new AppError(403, 'forbidden', 'error.forbidden');
export const notFound = () => new AppError(404, 'not_found', 'error.notFound');
export const entityNotFound = (entity: string) => new AppError(404, 'not_found', 'error.entityNotFound', { entity });
export const badRequest = (detail: string) => new AppError(400, 'bad_request', 'error.badRequest', { detail });
export const conflict = (detail: string) => new AppError(409, 'conflict', 'error.conflict', { detail });
/** A definition (entity, workflow) that cannot be used, with each problem named. */
export const definitionInvalid = (what: string, problems: string[]) =>
  new AppError(400, 'definition_invalid', 'error.definitionInvalid', { what, count: problems.length, problems: problems.join('; ') }, undefined, problems);
/** A stored definition that cannot be used (saved before it was checked this well): fix it in the designer. */
export const definitionBroken = (what: string, problems: string[]) =>
  new AppError(409, 'definition_broken', 'error.definitionBroken', { what, problems: problems.join('; ') }, undefined, problems);
export const validationFailed = (fields: FieldErrors) =>
  new AppError(400, 'validation_failed', 'error.validation', {}, fields);
