import { ObjectId } from 'mongodb';
import { database, closeMongo } from '@/lib/db/mongo';
import { collection, recordCollection } from '@/lib/db/collections';
import { compileQuery } from '@/lib/dashboards/query-compile';
import { runQuery } from '@/lib/dashboards/query-run';
import { translator } from '@/lib/i18n/messages';
import { syncDashboardIndexes } from '@/lib/dashboards/dashboard.indexes';

const N = Number(process.env.N ?? 20000);
async function main() {
  const db = await database();
  const admin = await (await collection('users')).findOne({});
  const actor = { id: admin!._id.toHexString(), email: admin!.email, name: admin!.name, role: 'admin' as const };
  const orders = await recordCollection('order');
  if ((await orders.estimatedDocumentCount()) < N) {
    const customers = await recordCollection('customer');
    const custIds: string[] = [];
    const cdocs = Array.from({ length: 200 }, (_, i) => { const _id = new ObjectId(); custIds.push(_id.toHexString()); return { _id, name: `Cust ${i}`, status: 'active', _ownerId: actor.id, _createdAt: new Date(), _createdBy: actor.id, _updatedAt: new Date(), _updatedBy: actor.id, _version: 1 }; });
    await customers.insertMany(cdocs as never);
    const statuses = ['draft', 'confirmed', 'shipped', 'paid', 'cancelled'];
    for (let b = 0; b < N; b += 1000) {
      const docs = Array.from({ length: 1000 }, (_, j) => { const i = b + j; const d = new Date(Date.UTC(2025, 0, 1) + (i % 700) * 86400000); return { orderDate: d.toISOString().slice(0, 10), status: statuses[i % 5], customer: custIds[i % 200], owner: actor.id, total: 1000 + (i * 37) % 100000, _ownerId: actor.id, _createdAt: new Date(), _createdBy: actor.id, _updatedAt: new Date(), _updatedBy: actor.id, _version: 1 }; });
      await orders.insertMany(docs as never);
    }
  }
  const t = translator('en');
  const ctx = { actor, locale: 'en' as const, t, now: new Date(), timeZone: 'Asia/Shanghai', path: 'query' };
  const queries: any[] = [
    { entity: 'order', measures: [{ fn: 'sum', field: 'total' }, { fn: 'count' }], dimensions: [{ field: 'orderDate', bucket: 'month' }] },
    { entity: 'order', measures: [{ fn: 'sum', field: 'total' }], dimensions: [{ field: 'status' }] },
    { entity: 'order', measures: [{ fn: 'sum', field: 'total' }], dimensions: [{ field: 'customer', top: 10 }] },
    { entity: 'order', measures: [{ fn: 'avg', field: 'total' }, { fn: 'max', field: 'total' }, { fn: 'ratio', of: { fn: 'count', filter: { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['paid'] }] } }, per: { fn: 'count' } }], dimensions: [{ field: 'status' }] },
    { entity: 'order', measures: [{ fn: 'sum', field: 'total' }], dimensions: [{ field: 'orderDate', bucket: 'quarter' }, { field: 'status' }] },
  ];
  await (await collection('dashboards')).replaceOne({ _id: 'probe' } as never, { key: 'probe', version: 1, title: { en: 'p', 'zh-CN': 'p' }, widgets: queries.map((query, i) => ({ id: `w${i}`, kind: 'table', title: { en: 'x', 'zh-CN': 'x' }, layout: { x: 0, y: 0, w: 6, h: 6 }, query })) } as never, { upsert: true });
  if (process.env.INDEX) await syncDashboardIndexes(['order']);
  for (const query of queries) {
    const before = (await db.admin().command({ serverStatus: 1 })).pushdown;
    const compiled = await compileQuery(query, ctx);
    const s = Date.now();
    const { result, log } = await runQuery(compiled);
    console.log('   slow:', log.map((e) => e.ms).join(','), JSON.stringify(log.sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))[0]).slice(0, 300));
    const after = (await db.admin().command({ serverStatus: 1 })).pushdown;
    const delta = Object.fromEntries(Object.keys(after ?? {}).map((k) => [k, after[k] - (before?.[k] ?? 0)]).filter(([, v]) => v));
    console.log(JSON.stringify(query.dimensions), Date.now() - s, 'ms', result.stats, JSON.stringify(delta));
    console.log('  ', result.dimensions.map((d) => d.values.slice(0, 4).map((v) => v.label).join('|')).join(' x '), JSON.stringify(result.rows.slice(0, 3).map((r) => [r.at, r.cells.map((c) => c.text)])), 'totals', result.totals.map((c) => c.text).join(', '));
  }
  await closeMongo();
}
main().catch(async (e) => { console.error(e); await closeMongo(); process.exit(1); });
