import fc from 'fast-check';
import { BSON, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { escapeRegex } from '@/lib/fields/filters';

/**
 * Edge-case data and random queries for comparing the released FerretDB with the patched one
 * (tests/integration/ferretdb-*.integration.test.ts). Everything is drawn by fast-check from a
 * seed, so a failure reproduces with the seed it prints.
 *
 * The values are those a translation to SQL can get wrong: numbers of three BSON kinds that are
 * equal (1, 1L, 1.0), -0, longs beyond 2^53 (where a double cannot tell neighbours apart), strings
 * that differ by case, a trailing space, a quote or a NUL, or that are prefixes of each other
 * (the JSON text of a string does not sort like the string), non-ASCII text with case folding
 * (Kelvin sign, long s, final sigma), ObjectIds beside their hex strings, dates beside numbers,
 * null beside a missing field, one level of arrays (FerretDB v1 refuses nested ones) and
 * embedded documents whose field order differs.
 */

const oid = (hex: string) => new ObjectId(hex);
export const OIDS = ['6b0a2e3056fcaf0efd91766d', '6b0a2e3056fcaf0efd91766e', '000000000000000000000000', 'ffffffffffffffffffffffff', '6b0a2e3056fcaf0efd9176ff'];

export const STRINGS = [
  'web', 'Web', 'WEB', 'wEb', 'web ', ' web', 'we', 'webs', 'web\u0000', 'web\u0001', 'web\u2028', 'web\t', 'web\n', 'Ｗeb',
  'open', 'Open', 'won', 'lost', 'z', '~', '\u007f', '', ' ', 'a b', 'a', 'ab', 'abc', 'abc\\', '\\', '"', "'", 'we"b', "we'b", 'we\\b',
  '&<>', '<b>', 'Acme', 'Acme Corp', 'Acme\tCorp', 'Acme"', 'Acmé', 'é', 'É', 'e\u0301', 'ß', 'ẞ', 'SS', 'ſ', 's', 'S',
  'K', 'k', '\u212a', 'Σ', 'σ', 'ς', 'İ', 'ı', 'i',
  '网页', '网页 ', '网', '销售', '北京销售有限公司', '北京', '😀', '😀web', 'web😀', '𝄞', '\ud7ff', '\ue000', '\uffff',
  'null', 'true', '1', '10', '2', '-0', '1e3', OIDS[0], OIDS[1], '2024-01-01T00:00:00.000Z', '[1]', '{"a":1}', '$web', 'web.x',
];

/** Words the name field is made of: the keyword search looks for pieces of them, in any case. */
const WORDS = ['Acme', 'acme', 'ACME', 'Corp', 'web', 'Web', 'WEB', '北京', '销售', '有限公司', '😀', 'Straße', 'STRASSE', 'ſtar', 'Kelvin', '\u212aelvin', 'ΣΙΣΥΦΟΣ', 'σίσυφος', 'a.b', 'a*b', '(x)', '[y]', 'c++', '$5', 'we"b', "o'neil", 'back\\slash', 'tab\there', 'Ｗeb', 'İstanbul', 'istanbul'];

export const INTS = [0, 1, -1, 2, 3, 7, 10, 42, 100, 1000, 2147483647, -2147483648].map((n) => new Int32(n));
export const LONGS = ['0', '1', '-1', '2', '10', '42', '9007199254740992', '9007199254740993', '-9007199254740993', '9007199254740994', '4611686018427387904', '9223372036854775807', '-9223372036854775808'].map((s) => Long.fromString(s));
/** Doubles a sum cannot round differently whatever the order (multiples of 1/4, well below 2^50). */
export const EXACT_DOUBLES = [0, -0, 1, -1, 1.5, 2.25, 0.25, -0.75, 10, 42, 1e6, 2 ** 40, -(2 ** 40)].map((n) => new Double(n));
/** Doubles that compare in awkward ways (only where no sum or average is taken). */
export const AWKWARD_DOUBLES = [0.1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e300, -1e300, 5e-324, 1.7976931348623157e308, 2147483647.5].map((n) => new Double(n));
export const DATES = [0, -1, 1, 1e12, 1e12 + 1, 1.7e12, 1.7e12 + 86_400_000, 253402300799999, -62135596800000].map((ms) => new Date(ms));

const numbers = [...INTS, ...LONGS, ...EXACT_DOUBLES];
const scalars: unknown[] = [...STRINGS.slice(0, 40), ...INTS, ...LONGS, ...EXACT_DOUBLES, ...AWKWARD_DOUBLES, ...DATES, ...OIDS.map(oid), true, false, null];
const objects: unknown[] = [{}, { a: new Int32(1) }, { a: new Int32(1), b: 'x' }, { b: 'x', a: new Int32(1) }, { a: null }, { a: new Double(1) }, { a: [new Int32(1), new Int32(2)] }];
const arrays: unknown[] = [[], [new Int32(1)], [new Int32(1), new Int32(2)], [new Int32(2), new Int32(10)], ['web', 'Web'], [null], [new Int32(1), '1'], [DATES[3]], [{ a: new Int32(1) }], [new Long(5), new Double(5)], [OIDS[0], oid(OIDS[0])]];

/** What each field may hold, besides being missing. */
export const FIELD_VALUES: Record<string, unknown[]> = {
  status: ['open', 'won', 'lost', 'web', 'Web', 'web ', 'we', 'WEB', 'web\u0000', '', null, new Int32(1), ['open', 'won']],
  source: [...STRINGS, null, new Int32(0), new Double(-0), new Long(0), false, DATES[0], oid(OIDS[0])],
  name: [], // drawn from WORDS below
  amount: [...numbers, null, '12', 'web', true, DATES[3], [new Int32(1), new Int32(2)], [], { a: new Int32(1) }],
  x: [...scalars, ...objects, ...arrays],
  due: [...DATES, null, '2024-01-01', new Long(1e12), new Double(1e12), [DATES[2], DATES[4]]],
  createdAt: DATES,
  owner: [...OIDS, ...OIDS.map(oid), 'u1', 'u2', null],
  tags: [...arrays, 'web', 'Web', null, new Int32(1)],
  flag: [true, false, null, new Int32(0), new Int32(1), 'true', new Double(0)],
  meta: [...objects, null, 'a', new Int32(1)],
  n: [...numbers, ...AWKWARD_DOUBLES, new Double(-0)],
};

export const FILTER_FIELDS = ['status', 'source', 'name', 'amount', 'x', 'due', 'createdAt', '_deletedAt', 'owner', 'tags', 'flag', 'meta', 'n', '_id'];
export const SORT_FIELDS = ['status', 'source', 'name', 'amount', 'x', 'due', 'createdAt', '_deletedAt', 'owner', 'tags', 'n', 'flag'];
/** Fields to group by: a select, a mixed one, one with arrays, and a date. */
export const GROUP_FIELDS = ['status', 'source', 'flag', 'x', 'tags', 'owner', 'due'];

export const INDEXES: { key: Record<string, 1 | -1>; name: string }[] = [
  { key: { status: 1 }, name: 'status' },
  { key: { status: 1, due: -1, _id: -1 }, name: 'status_due' },
  { key: { _deletedAt: 1, createdAt: -1, _id: -1 }, name: 'live_created' },
  { key: { owner: 1 }, name: 'owner' },
  { key: { amount: 1 }, name: 'amount' },
  { key: { due: -1, _id: 1 }, name: 'due' },
  { key: { name: 1 }, name: 'name' },
  { key: { tags: 1 }, name: 'tags' },
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** A field's value, half the time from its pool, else any value of any kind. */
const valueOf = (field: string): fc.Arbitrary<unknown> => {
  if (field === '_id') return fc.oneof(pick(OIDS).map(oid), pick(['id-1', 'id-2', OIDS[0]]), pick(INTS));
  if (field === '_deletedAt') return fc.oneof(pick(DATES), fc.constant(null));
  if (field === 'name') return fc.oneof(nameArb, pick(WORDS));
  const pool = FIELD_VALUES[field];
  // amount is what sums and averages take: its doubles stay those that add up exactly in any order.
  if (field === 'amount') return pick(pool);
  return fc.oneof({ weight: 3, arbitrary: pick(pool) }, { weight: 1, arbitrary: pick([...scalars, ...objects, ...arrays]) });
};

const nameArb = fc.array(pick(WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));

/** One document: every field may be missing. */
export const documentArb = (index: number): fc.Arbitrary<Document> => {
  const field = (name: string, presence = 0.85) =>
    fc.option(valueOf(name), { freq: Math.round(1 / (1 - presence)), nil: undefined }).map((value) => [name, value] as const);
  return fc
    .tuple(
      fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(`id-${index}`) }, { weight: 1, arbitrary: fc.constant(new Int32(index)) }),
      field('status', 0.9), field('source'), field('name', 0.8), field('amount'), field('x'), field('due', 0.7), field('owner'), field('tags', 0.5), field('flag', 0.5), field('meta', 0.4), field('n'),
      fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: pick(DATES) }, { weight: 1, arbitrary: fc.constant(null) }),
      pick(DATES),
    )
    .map(([id, ...rest]) => {
      const [deletedAt, createdAt] = rest.slice(-2) as [Date | null | undefined, Date];
      const fields = rest.slice(0, -2) as (readonly [string, unknown])[];
      const doc: Document = { _id: id ?? new ObjectId(index.toString(16).padStart(24, '0')) };
      for (const [name, value] of fields) if (value !== undefined) doc[name] = value;
      if (deletedAt !== undefined) doc._deletedAt = deletedAt;
      doc.createdAt = new Date(createdAt.getTime() + index); // some ties on the minute, none on the ms
      return doc;
    });
};

export function documents(seed: number, count: number): Document[] {
  return Array.from({ length: count }, (_, index) => fc.sample(documentArb(index), { seed: seed + index, numRuns: 1 })[0]);
}

// ------------------------------------------------------------------ filters -----

const comparison = pick(['$gt', '$gte', '$lt', '$lte']);

/** A condition on one field that a translation to SQL can take on. */
const conditionArb = (field: string): fc.Arbitrary<Document> =>
  fc.oneof(
    { weight: 4, arbitrary: valueOf(field).map((value) => ({ [field]: value })) },
    { weight: 1, arbitrary: valueOf(field).map((value) => ({ [field]: { $eq: value } })) },
    { weight: 3, arbitrary: fc.array(valueOf(field), { minLength: 0, maxLength: 4 }).map((values) => ({ [field]: { $in: values } })) },
    { weight: 2, arbitrary: fc.array(valueOf(field), { minLength: 0, maxLength: 3 }).map((values) => ({ [field]: { $nin: values } })) },
    { weight: 2, arbitrary: valueOf(field).map((value) => ({ [field]: { $ne: value } })) },
    { weight: 4, arbitrary: fc.tuple(comparison, valueOf(field)).map(([op, value]) => ({ [field]: { [op]: value } })) },
    { weight: 2, arbitrary: fc.tuple(pick(['$gt', '$gte']), valueOf(field), pick(['$lt', '$lte']), valueOf(field)).map(([lo, a, hi, b]) => ({ [field]: { [lo]: a, [hi]: b } })) },
    { weight: 2, arbitrary: fc.boolean().map((exists) => ({ [field]: { $exists: exists } })) },
  );

/** The list's keyword search: a literal piece of text, any case, over the text fields. */
export const keywordArb: fc.Arbitrary<Document> = fc
  .tuple(
    fc.oneof(pick([...WORDS, ...STRINGS.filter(Boolean)]), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })),
    fc.nat(),
    fc.nat(),
    pick(['same', 'upper', 'lower'] as const),
    fc.subarray(['name', 'source', 'status'], { minLength: 1 }),
  )
  .map(([text, a, b, kase, fields]) => {
    const chars = Array.from(text); // code points: a piece never splits a surrogate pair
    const start = a % chars.length;
    const piece = chars.slice(start, start + 1 + (b % (chars.length - start))).join('');
    const keyword = kase === 'upper' ? piece.toUpperCase() : kase === 'lower' ? piece.toLowerCase() : piece;
    return { $or: fields.map((field) => ({ [field]: { $regex: escapeRegex(keyword), $options: 'i' } })) };
  });

/** Conditions FerretDB can answer but a translation is not expected to: a SQL prefilter at most. */
const untranslatableArb: fc.Arbitrary<Document> = fc.oneof(
  pick(['string', 'number', 'date', 'array', 'null', 'objectId', 'bool']).chain((type) => pick(FILTER_FIELDS).map((field) => ({ [field]: { $type: type } }))),
  fc.tuple(pick(['tags', 'x', 'amount']), fc.nat(2)).map(([field, size]) => ({ [field]: { $size: size } })),
  fc.tuple(pick(['tags', 'x', 'amount']), comparison, pick(numbers)).map(([field, op, value]) => ({ [field]: { $elemMatch: { [op]: value } } })),
  pick(['meta.a', 'x.a', 'tags.0', 'amount.0']).chain((path) => valueOf('amount').map((value) => ({ [path]: value }))),
  fc.tuple(pick(['amount', 'n']), fc.integer({ min: 2, max: 5 })).map(([field, d]) => ({ [field]: { $mod: [d, 0] } })),
  fc.tuple(pick(['status', 'source', 'name']), pick(['^we', 'b$', 'W.b', '^$', 'web|won', '\\d'])).map(([field, pattern]) => ({ [field]: { $regex: pattern } })),
  fc.tuple(pick(['status', 'source', 'name']), pick(['web', 'Acme', '北京'])).map(([field, literal]) => ({ [field]: { $regex: literal } })),
  fc.tuple(pick(['status', 'amount', 'due']), comparison, pick(['web', ...numbers.slice(0, 5), DATES[3]])).map(([field, op, value]) => ({ [field]: { $not: { [op]: value } } })),
  pick(['status', 'amount']).chain((field) => conditionArb(field).map((condition) => ({ $nor: [condition] }))),
);

/** Filters MongoDB refuses: both binaries must refuse them too. */
const invalidArb: fc.Arbitrary<Document> = pick([
  { $and: [] },
  { $or: [] },
  { status: { $in: 'open' } },
  { status: { $nin: 'open' } },
  { status: { $exists: true, $bogus: 1 } },
  { $where: 'true' },
  { amount: { $mod: [0, 0] } },
  { status: { $regex: 'web', $options: 'q' } },
  { status: { $regex: '(' } },
  { $and: 'x' },
]);

const leafArb: fc.Arbitrary<Document> = fc.oneof(
  { weight: 12, arbitrary: pick(FILTER_FIELDS).chain(conditionArb) },
  { weight: 3, arbitrary: keywordArb },
  { weight: 3, arbitrary: untranslatableArb },
);

/** A whole filter: conditions combined the ways the app and people combine them. */
export const filterArb: fc.Arbitrary<Document> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 6, arbitrary: leafArb },
  // Several fields at once (an implicit $and); a repeated field keeps the last condition, as in any JS object.
  { weight: 2, arbitrary: fc.array(leafArb, { minLength: 2, maxLength: 2 }).map((parts) => Object.assign({}, ...parts)) },
  { weight: 2, arbitrary: fc.array(leafArb, { minLength: 1, maxLength: 2 }).map((parts) => ({ $and: parts })) },
  { weight: 3, arbitrary: fc.array(leafArb, { minLength: 1, maxLength: 3 }).map((parts) => ({ $or: parts })) },
  // The list's shape: live records, then the person's filter, then the keyword.
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.boolean(),
        fc.option(leafArb, { freq: 3, nil: undefined }),
        fc.option(fc.array(leafArb, { minLength: 2, maxLength: 3 }).map((parts) => ({ $or: parts })), { freq: 2, nil: undefined }),
        fc.option(keywordArb, { freq: 2, nil: undefined }),
      )
      .map(([deleted, a, b, keyword]) => ({ $and: [{ _deletedAt: { $exists: deleted } }, ...[a, b, keyword].filter((part) => part !== undefined)] })),
  },
  { weight: 1, arbitrary: invalidArb },
);

export interface FindCase {
  filter: Document;
  /** Absent: natural order (the results are compared as a multiset, without skip or limit). */
  sort?: Document;
  pages: { skip: number; limit: number }[];
  count: { skip: number; limit: number };
  /** The constant countDocuments groups by. */
  countId: unknown;
}

export const sortArb: fc.Arbitrary<Document | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: pick([1, -1]).map((dir) => ({ _id: dir })) },
  { weight: 8, arbitrary: fc.tuple(pick(SORT_FIELDS), pick([1, -1]), pick([1, -1])).map(([field, dir, idDir]) => ({ [field]: dir, _id: idDir })) },
);

const pageArb = fc.record({
  skip: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }) }),
  limit: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: pick([1, 2, 20, 50]) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }) }),
});

export const findCaseArb: fc.Arbitrary<FindCase> = fc.record({
  filter: filterArb,
  sort: sortArb,
  pages: fc.array(pageArb, { minLength: 3, maxLength: 3 }),
  count: pageArb,
  countId: pick([new Int32(1), null, 'all']),
});

/** A dashboard's aggregation. `plain` ones use only what FerretDB v1 answers ($sum); the others add $avg/$min/$max. */
export interface GroupCase {
  pipeline: Document[];
  plain: boolean;
}

export const groupCaseArb: fc.Arbitrary<GroupCase> = fc
  .tuple(filterArb, fc.option(pick(GROUP_FIELDS), { freq: 4, nil: null }), fc.boolean(), pick(['amount', 'n', 'x']))
  .map(([match, by, plain, minMaxField]) => {
    // Sums only over `amount`, whose doubles add up exactly in any order: FerretDB adds in Go in
    // row order, SQLite's SUM compensates, and MongoDB's double-double sum is a third way.
    const accumulators: Document = { n: { $sum: 1 }, s: { $sum: '$amount' } };
    if (!plain) Object.assign(accumulators, { a: { $avg: '$amount' }, lo: { $min: `$${minMaxField}` }, hi: { $max: `$${minMaxField}` } });
    return { pipeline: [{ $match: match }, { $group: { _id: by === null ? null : `$${by}`, ...accumulators } }], plain };
  });

/** A value as canonical Extended JSON: BSON types included (1, 1L and 1.0 differ, so do 0 and -0). */
export function canonical(value: unknown): string {
  return BSON.EJSON.stringify(value as Document, { relaxed: false });
}
