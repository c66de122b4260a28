import { BSONRegExp, Double, Int32, Long, ObjectId, type Document } from 'mongodb';

/**
 * MongoDB's comparison order of BSON values (documents decoded with promoteValues: false), for
 * the accumulators FerretDB v1 itself lacks ($avg, $min, $max): the differential test checks the
 * patched binary's answers for those against this model of MongoDB's documented behaviour,
 * computed over the documents the released binary returns.
 * https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
 */

function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 2;
  if (value instanceof Int32 || value instanceof Long || value instanceof Double || typeof value === 'number' || typeof value === 'bigint') return 3;
  if (typeof value === 'string') return 4;
  if (Array.isArray(value)) return 6;
  if (value instanceof ObjectId) return 8;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp || value instanceof BSONRegExp) return 12;
  if (typeof value === 'object') return 5;
  throw new Error(`no BSON order for ${String(value)}`);
}

/** A number as an exact rational n / 2^1074 (every double is one), so int, long and double compare exactly. */
function exact(value: unknown): bigint {
  const SCALE = 1074n;
  if (value instanceof Long) return BigInt(value.toString()) << SCALE;
  const n = value instanceof Int32 || value instanceof Double ? value.valueOf() : (value as number);
  if (!Number.isFinite(n)) throw new Error('non-finite numbers are not in the data');
  if (n === 0) return 0n;
  // n = m * 2^e with m an integer of at most 53 bits.
  let e = 0;
  let m = Math.abs(n);
  while (!Number.isInteger(m)) (m *= 2), e--;
  return (n < 0 ? -1n : 1n) * (BigInt(m) << (SCALE + BigInt(e)));
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

export function compareBson(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  switch (rankA) {
    case 2:
      return 0;
    case 3: {
      const x = exact(a);
      const y = exact(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return Math.sign(Buffer.compare(utf8(a as string), utf8(b as string)));
    case 5: {
      const ea = Object.entries(a as Document);
      const eb = Object.entries(b as Document);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const byType = typeRank(ea[i][1]) - typeRank(eb[i][1]);
        if (byType !== 0) return Math.sign(byType);
        const byName = Math.sign(Buffer.compare(utf8(ea[i][0]), utf8(eb[i][0])));
        if (byName !== 0) return byName;
        const byValue = compareBson(ea[i][1], eb[i][1]);
        if (byValue !== 0) return byValue;
      }
      return Math.sign(ea.length - eb.length);
    }
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareBson(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return Math.sign(xa.length - xb.length);
    }
    case 8:
      return Math.sign(Buffer.compare((a as ObjectId).id, (b as ObjectId).id));
    case 9:
      return Number(a) - Number(b);
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    default:
      throw new Error('no comparison for this type in the model');
  }
}

const isNumber = (value: unknown) => value instanceof Int32 || value instanceof Long || value instanceof Double;

/**
 * $avg as MongoDB computes it for int, long and double: numbers only (not arrays), summed
 * exactly, rounded to a double once, then divided by their count; null when there is none.
 */
export function mongoAvg(values: unknown[]): Double | null {
  const numbers = values.filter(isNumber);
  if (numbers.length === 0) return null;
  // In quarters: the data's doubles are multiples of 1/4 (EXACT_DOUBLES), so the sum is exact.
  const quarters = numbers.reduce<bigint>((sum, value) => {
    if (value instanceof Long) return sum + BigInt(value.toString()) * 4n;
    const q = (value as Int32 | Double).valueOf() * 4;
    if (!Number.isSafeInteger(q)) throw new Error(`the $avg model needs multiples of 1/4, got ${q / 4}`);
    return sum + BigInt(q);
  }, 0n);
  // BigInt → Number rounds to nearest (ties to even) once, as MongoDB's double-double sum does;
  // dividing by 4 is exact.
  return new Double(Number(quarters) / 4 / numbers.length);
}

/** $min or $max: null and missing are skipped; every value equal to the extreme is an acceptable answer (MongoDB keeps the first it met). */
export function mongoExtremes(values: unknown[], which: 'min' | 'max'): unknown[] {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return [null];
  let best = present[0];
  for (const value of present) if ((which === 'min' ? -1 : 1) * compareBson(value, best) > 0) best = value;
  return present.filter((value) => compareBson(value, best) === 0);
}
