import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { customFormats, standardFormats } from '@/lib/validation/formats';
import { customKeywords } from '@/lib/validation/keywords';
import type { JsonSchema } from '@/lib/entities/entity.types';

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, keywords: customKeywords });
  addFormats(ajv, [...standardFormats]);
  for (const [name, pattern] of Object.entries(customFormats)) ajv.addFormat(name, pattern);
  return ajv;
}

const ajv = createAjv();
const cache = new Map<string, ValidateFunction>();

/**
 * Compiled validators, one per entity version. The key includes the version so a published
 * change is picked up without a restart.
 */
export function validatorFor(cacheKey: string, schema: JsonSchema | (() => JsonSchema)): ValidateFunction {
  let validate = cache.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(typeof schema === 'function' ? schema() : schema);
    cache.set(cacheKey, validate);
  }
  return validate;
}

/** Checks that a schema compiles, without caching it (for installs and admin edits). */
export function assertSchemaCompiles(schema: JsonSchema): void {
  createAjv().compile(schema);
}
