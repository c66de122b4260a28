import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { ApiClient, adminTokenClient, uniqueName } from '../support/http';
import { newDepartment, newPerson } from '../support/people';

/**
 * Data scopes everywhere a record can be seen: a sales rep sees their own customers, a sales
 * manager their department's (and the departments under it), in lists, boards, searches,
 * related lists, charts and exports; moving a person moves their records' department.
 */
let admin: ApiClient;
const people = {} as Record<'rep' | 'mate' | 'manager' | 'west', { id: string; client: ApiClient }>;
const tag = uniqueName('Scope').replace(/\s/g, '');
const names = { rep: `${tag} rep`, mate: `${tag} mate`, west: `${tag} west` };
const customers = {} as Record<keyof typeof names, string>;

beforeAll(async () => {
  admin = await adminTokenClient();
  const east = await newDepartment(admin, 'East');
  const team = await newDepartment(admin, 'East team', { parentId: east });
  const west = await newDepartment(admin, 'West');
  people.rep = await newPerson(admin, ['sales_rep'], { departmentId: team });
  people.mate = await newPerson(admin, ['sales_rep'], { departmentId: team });
  people.west = await newPerson(admin, ['sales_rep'], { departmentId: west });
  people.manager = await newPerson(admin, ['sales_manager'], { departmentId: east });
  expect((await admin.patch(`/api/departments/${east}`, { managerId: people.manager.id })).status).toBe(200);
  for (const owner of ['rep', 'mate', 'west'] as const) {
    const created = await people[owner].client.post('/api/records/customer', { name: names[owner], status: 'active' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    customers[owner] = created.body.id;
  }
});
afterAll(closeMongo);

const listed = async (client: ApiClient, query = '') => ((await client.get(`/api/records/customer?q=${encodeURIComponent(tag)}&pageSize=50${query}`)).body.items as { display: string }[]).map((item) => item.display).sort();

describe('a sales rep sees their own customers only', () => {
  it('in the list, a search and the record itself', async () => {
    expect(await listed(people.rep.client)).toEqual([names.rep]);
    expect((await people.rep.client.get(`/api/records/customer/${customers.mate}`)).status).toBe(404);
    expect((await people.rep.client.get(`/api/records/customer/${customers.rep}`)).status).toBe(200);
  });

  it('on the board', async () => {
    const board = await people.rep.client.get(`/api/records/customer/kanban?field=status&q=${encodeURIComponent(tag)}`);
    expect(board.status).toBe(200);
    const cards = (board.body.lanes as { items: { display: string }[] }[]).flatMap((lane) => lane.items.map((item) => item.display));
    expect(cards).toEqual([names.rep]);
  });

  it('in an export', async () => {
    const csv = await (await people.rep.client.raw('GET', `/api/records/customer/export?format=csv&columns=name&q=${encodeURIComponent(tag)}`)).text();
    expect(csv).toContain(names.rep);
    expect(csv).not.toContain(names.mate);
    expect(csv).not.toContain(names.west);
  });

  it('in the dashboard’s counts', async () => {
    const count = async (client: ApiClient) => {
      // The pack dashboard's customers-by-source widget, and the same count asked ad hoc.
      const widget = await client.get('/api/dashboards/sales-overview/widgets/customers-by-source');
      expect(widget.status, JSON.stringify(widget.body)).toBe(200);
      const bySource = (widget.body.result.totals as { value: number }[])[0].value;
      const adhoc = await client.post('/api/dashboards/query', { query: { entity: 'customer', measures: [{ fn: 'count' }] } });
      expect(adhoc.status, JSON.stringify(adhoc.body)).toBe(200);
      expect(adhoc.body.result.totals[0].value).toBe(bySource);
      return bySource;
    };
    const mine = await (await recordCollection('customer')).countDocuments({ _ownerId: people.rep.id, _deletedAt: { $exists: false } });
    const rep = await count(people.rep.client);
    expect(rep).toBe(mine);
    expect(await count(admin)).toBeGreaterThan(rep);
  });

  it('in a related list', async () => {
    const contact = await people.mate.client.post('/api/records/contact', { name: uniqueName('Contact'), customer: customers.rep });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const related = await people.rep.client.get(`/api/records/customer/${customers.rep}/related`);
    const contacts = (related.body as { entity: string; items: unknown[] }[]).find((group) => group.entity === 'contact');
    // The mate's contact points at the rep's customer, but it is the mate's record.
    expect(contacts?.items ?? []).toEqual([]);
  });
});

describe('a sales manager sees their department’s, and the departments under it', () => {
  it('in the list, and may change those records', async () => {
    expect(await listed(people.manager.client)).toEqual([names.mate, names.rep].sort());
    expect((await people.manager.client.patch(`/api/records/customer/${customers.mate}`, { notes: 'checked' })).status).toBe(200);
    expect((await people.manager.client.get(`/api/records/customer/${customers.west}`)).status).toBe(404);
  });
});

describe('records follow their owner', () => {
  it('carry the owner’s department, move with a transfer and with the owner', async () => {
    const stored = async (id: string) => (await recordCollection('customer')).findOne({ _id: new ObjectId(id) });
    const westDepartment = (await stored(customers.west))?._departmentId;
    expect(westDepartment).toBeTruthy();
    expect((await stored(customers.rep))?._departmentId).not.toBe(westDepartment);
    const moved = await admin.post('/api/records/customer/bulk', { action: 'transfer', ids: [customers.mate], ownerId: people.west.id });
    expect(moved.body.succeeded).toEqual([customers.mate]);
    expect((await stored(customers.mate))?._departmentId).toBe(westDepartment);
    expect(await listed(people.manager.client)).toEqual([names.rep]);
    // The rep changes department: their records go with them, out of the manager's sight.
    expect((await admin.patch(`/api/users/${people.rep.id}`, { departmentId: westDepartment })).status).toBe(200);
    expect(await listed(people.manager.client)).toEqual([]);
    expect(await listed(people.rep.client)).toEqual([names.rep]);
  });

  it('a rep cannot take a record they may not change, nor give theirs away without the right to change it', async () => {
    const taken = await people.rep.client.post('/api/records/customer/bulk', { action: 'transfer', ids: [customers.west], ownerId: people.rep.id });
    expect(taken.body.succeeded).toEqual([]);
  });
});

describe('API tokens act with their user’s permissions, narrowed', () => {
  it('a read-only token reads the rep’s records and changes nothing', async () => {
    const issued = await admin.post('/api/tokens', { name: 'rep read-only', userId: people.west.id, readOnly: true });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const token = new ApiClient({ token: issued.body.token });
    expect(await listed(token)).toEqual(await listed(people.west.client));
    expect(await listed(token)).toContain(names.west);
    expect((await token.post('/api/records/customer', { name: uniqueName('Token') })).status).toBe(403);
  });

  it('a token narrowed to some entities reaches no other', async () => {
    const issued = await admin.post('/api/tokens', { name: 'products only', userId: (await admin.get('/api/me')).body.user.id, entities: ['product'] });
    const token = new ApiClient({ token: issued.body.token });
    expect((await token.get('/api/records/product')).status).toBe(200);
    expect((await token.get('/api/records/customer')).status).toBe(403);
    expect((await token.get('/api/users')).status).toBe(403);
  });
});
