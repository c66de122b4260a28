import fc from 'fast-check';
import { Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FERRETDB_BINARIES, MISSING_BINARIES_HINT, missingBinaries, pushdownCounters, startFerretDB, type RunningFerretDB } from '@/tests/support/ferretdb';
import { canonical } from '@/tests/support/pushdown-data';

/**
 * Property tests of the two places a filter's translation to SQL is most easily wrong, run
 * through the released and the patched FerretDB: string range bounds (the JSON text of a string
 * does not sort like the string: a space or control character sorts below the closing quote, a
 * quote or backslash is escaped, U+2028 and non-ASCII may or may not be) and BSON type brackets
 * (a bound of one type must never match values of another: numbers, dates, strings, ObjectIds and
 * their hex strings, booleans, null and missing). For random bounds, both binaries must return
 * the same ids. PUSHDOWN_SEED=<n> reproduces a run.
 */

const SEED = Number(process.env.PUSHDOWN_SEED ?? 20261128);
const RUNS = Number(process.env.PUSHDOWN_PROPERTY_RUNS ?? 400);

/** Characters whose JSON text or UTF-8 bytes order differently from the code points around them. */
const AWKWARD = [' ', '!', '"', '#', '\\', ']', '&', '<', '>', "'", '/', '.', '\t', '\n', '\u0001', '\u001f', '\u007f', '\u0080', '\u00ff', '\u2028', '\u2029', 'a', 'b', 'A', 'z', '~', '中', '文', '😀', '𝄞', 'é', '\ufffd', '\uffff', '0', '9', '-'];
const awkwardString = fc.array(fc.constantFrom(...AWKWARD), { maxLength: 4 }).map((chars) => chars.join(''));
const OIDS = ['000000000000000000000000', '6b0a2e3056fcaf0efd91766d', '6b0a2e3056fcaf0efd91766e', 'ffffffffffffffffffffffff'];

/** Values of every type a field may hold, near one another within their type. */
const typedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: awkwardString },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((n) => new Int32(n)) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '0', '1', '2', '9007199254740992', '9007199254740993', '-9007199254740993').map((s) => Long.fromString(s)) },
  { weight: 1, arbitrary: fc.constantFrom(-1.5, -0, 0, 0.5, 1, 2 ** 53, 2 ** 53 + 2).map((n) => new Double(n)) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1, 1e12, 1.7e12).map((ms) => new Date(ms)) },
  { weight: 1, arbitrary: fc.constantFrom(...OIDS).map((hex) => new ObjectId(hex)) },
  { weight: 1, arbitrary: fc.constantFrom(...OIDS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

describe('FerretDB pushdown: string bounds and type brackets (property tests)', () => {
  const missing = missingBinaries();
  let upstream: RunningFerretDB;
  let patched: RunningFerretDB;
  let stored: unknown[] = [];

  beforeAll(async () => {
    if (missing.length > 0) return;
    [upstream, patched] = await Promise.all([startFerretDB('upstream', FERRETDB_BINARIES.upstream), startFerretDB('patched', FERRETDB_BINARIES.patched)]);
    // The stored values: awkward strings (many of them prefixes of others) and every other type;
    // a few documents lack the field, a few hold an array of two values (one level, as FerretDB allows).
    stored = fc.sample(typedValue, { seed: SEED, numRuns: 260 });
    const docs: Document[] = stored.map((f, i) => ({ _id: new Int32(i), f }));
    docs.push(...Array.from({ length: 10 }, (_, i) => ({ _id: new Int32(1000 + i) })));
    docs.push(...fc.sample(fc.tuple(typedValue, typedValue), { seed: SEED + 1, numRuns: 30 }).map((pair, i) => ({ _id: new Int32(2000 + i), f: pair })));
    for (const server of [upstream, patched]) {
      await server.db.collection('bounds').createIndex({ f: 1 }, { name: 'f' });
      await server.db.collection('bounds').insertMany(docs);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([upstream?.stop(), patched?.stop()]);
  });

  it('gives the same ids on both binaries for {f: {$gt|$gte|$lt|$lte|$eq|$ne|$in: bound}}', async () => {
    expect(missing, `FerretDB binaries missing: ${missing.join(', ')}; ${MISSING_BINARIES_HINT}`).toEqual([]);
    console.log(`ferretdb-bounds: seed ${SEED} (PUSHDOWN_SEED=${SEED} reproduces), ${RUNS} runs`);
    // Bounds near what is stored: a stored value, a prefix of a stored string, or one with a character added.
    const nearStored = fc.tuple(fc.constantFrom(...stored), fc.nat(), fc.constantFrom('', ...AWKWARD)).map(([value, cut, extra]) =>
      typeof value === 'string' ? Array.from(value).slice(0, cut % (Array.from(value).length + 1)).join('') + extra : value,
    );
    const bound = fc.oneof(typedValue, nearStored, nearStored);
    const condition = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), bound).map(([op, value]) => ({ [op]: value })) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('$gt', '$gte'), bound, fc.constantFrom('$lt', '$lte'), bound).map(([lo, a, hi, b]) => ({ [lo]: a, [hi]: b })) },
      { weight: 1, arbitrary: bound.map((value) => ({ $eq: value })) },
      { weight: 1, arbitrary: bound.map((value) => ({ $ne: value })) },
      { weight: 1, arbitrary: fc.array(bound, { maxLength: 3 }).map((values) => ({ $in: values })) },
    );
    const ids = async (server: RunningFerretDB, filter: Document) =>
      canonical((await server.db.collection('bounds').find(filter, { projection: { _id: 1 }, sort: { _id: 1 }, promoteValues: false }).toArray()).map((doc) => doc._id));
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(condition, async (cond) => {
        const filter = { f: cond };
        const [expected, actual] = await Promise.all([ids(upstream, filter), ids(patched, filter)]);
        if (expected !== '[]') nonEmpty++;
        if (expected !== actual) throw new Error(`filter ${canonical(filter)}\n  released: ${expected}\n  patched:  ${actual}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`ferretdb-bounds: ${nonEmpty} of ${RUNS}+ filters matched something`);
    expect(nonEmpty).toBeGreaterThan(RUNS / 3);
    const counters = await pushdownCounters(patched.db);
    expect(counters, 'the patched binary reports no serverStatus().pushdown counters: nothing shows these filters went through SQL').toBeDefined();
    expect((counters!.whereExact ?? 0) + (counters!.wherePartial ?? 0), 'filters translated to SQL').toBeGreaterThan(RUNS / 2);
  }, 300_000);
});
