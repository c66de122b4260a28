import { adminTokenClient } from './support/http';
const api = await adminTokenClient();
const me = (await api.get('/api/me')).body.user.id;
const cust = (await api.post('/api/records/customer', { name: 'Lat' })).body.id;
async function time(name: string, n: number, fn: () => Promise<unknown>) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(name, ((performance.now() - t) / n).toFixed(1), 'ms');
}
await time('health', 100, () => fetch('http://127.0.0.1:3200/api/health').then((r) => r.text()));
await time('me', 100, () => api.get('/api/me'));
await time('get entity', 100, () => api.get('/api/entities/task'));
await time('create task', 100, () => api.post('/api/records/task', { title: 'x', customer: cust, assignee: me, status: 'open', dueDate: '2026-12-01' }));
await time('create task bare', 100, () => api.post('/api/records/task', { title: 'x', status: 'open' }));
