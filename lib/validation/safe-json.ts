import { AppError, badRequest } from '@/lib/errors/app-error';

/**
 * Keys no input may use: they name the prototype of every object (`__proto__`,
 * `constructor`, `prototype`) or a method every object inherits (`toString`, `valueOf`,
 * `hasOwnProperty`…), so that user input never becomes an object's prototype or shadows
 * what code calls on it.
 */
export function isReservedKey(key: string): boolean {
  return key === 'prototype' || key in Object.prototype;
}

/** JSON text as a value, refusing reserved keys at any depth with a 400 that names the key. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text, (key, value) => {
      if (isReservedKey(key)) throw new AppError('invalid', 'reserved_key', 'error.reservedKey', { key });
      return value;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badRequest('the body is not valid JSON');
  }
}
