import { database, closeMongo } from '@/lib/db/mongo';
async function main() {
  const db = await database();
  const idx = await db.collection('rec_order').listIndexes().toArray();
  console.log(idx.map((i) => `${i.name}: ${JSON.stringify(i.key)}`).join('\n'));
  for (const p of [
    [{ $match: { _deletedAt: null } }, { $group: { _id: '$status', n: { $sum: 1 }, s0: { $sum: '$total' } } }],
    [{ $match: { _deletedAt: null } }, { $group: { _id: '$status', n: { $sum: 1 } } }],
    [{ $match: { _deletedAt: null, status: 'draft' } }, { $group: { _id: '$orderDate', n: { $sum: 1 }, s0: { $sum: '$total' } } }],
    [{ $match: { _deletedAt: null, status: 'draft' } }, { $group: { _id: null, n: { $sum: 1 }, s0: { $sum: '$total' } } }],
    [{ $match: { _deletedAt: null, orderDate: { $gte: '2025-01-01', $lte: '2025-03-31' } } }, { $group: { _id: '$status', n: { $sum: 1 }, s0: { $sum: '$total' } } }],
  ]) {
    for (let k = 0; k < 3; k++) { const s = Date.now(); const r = await db.collection('rec_order').aggregate(p).toArray(); console.log(Date.now() - s, 'ms', r.length, JSON.stringify(p).slice(0, 140)); }
  }
  await closeMongo();
}
main();
