import type { FuncKeywordDefinition } from 'ajv';
import { decimalsOfNumber } from '@/lib/fields/decimal';

type DecimalsValidate = ((limit: number, data: number) => boolean) & { errors?: unknown[] };

/**
 * `decimals: n`: a number with at most n digits after the point, counted on the number as
 * written (0.1 has one), not by float division the way `multipleOf` works. The browser and
 * the server register the same keywords, so the form refuses what the server refuses.
 */
const validateDecimals: DecimalsValidate = (limit, data) => {
  if (decimalsOfNumber(data) <= limit) return true;
  validateDecimals.errors = [{ keyword: 'decimals', message: `must have at most ${limit} decimals`, params: { limit } }];
  return false;
};

export const customKeywords: FuncKeywordDefinition[] = [
  { keyword: 'decimals', type: 'number', schemaType: 'number', errors: true, validate: validateDecimals as FuncKeywordDefinition['validate'] },
];
