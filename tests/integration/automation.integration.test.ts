import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { DateTime } from 'luxon';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { config } from '@/lib/config';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { closeQueues } from '@/lib/jobs/jobs';
import { MAX_DEPTH } from '@/lib/workflows/loop-guard';
import { automationTick } from '@/lib/workflows/workflow.scheduler';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';
import { person, publish, runOf, settledRun, startMailCatcher, startReceiver, type MailCatcher } from '../support/automation';

/**
 * Every trigger and step kind, through the running web app, worker, database and queue, on
 * entities defined here. Workflows are published through the HTTP API as the designer does.
 */
const suffix = Date.now().toString(36);
const k = (name: string) => `${name}_${suffix}`;
const w = (name: string) => `${name}-${suffix}`;
const label = (en: string) => ({ 'zh-CN': en, en });

const DEAL = k('au_deal');
const NOTE = k('au_note');
const deal: EntityDefinition = {
  key: DEAL,
  version: 1,
  label: label('Deal'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name'), required: true },
    { key: 'amount', type: 'number', precision: 2, label: label('Amount') },
    { key: 'stage', type: 'select', label: label('Stage'), options: ['new', 'won', 'lost'].map((value) => ({ value, label: label(value) })) },
    { key: 'closeOn', type: 'date', label: label('Close on') },
    { key: 'remindAt', type: 'datetime', label: label('Remind at') },
    { key: 'rep', type: 'user', label: label('Rep') },
    { key: 'touches', type: 'number', label: label('Touches') },
    { key: 'email', type: 'email', label: label('Email') },
  ],
  listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};
const note: EntityDefinition = {
  key: NOTE,
  version: 1,
  label: label('Note'),
  displayField: 'subject',
  fields: [
    { key: 'subject', type: 'text', label: label('Subject'), required: true },
    { key: 'deal', type: 'relation', relation: { entity: DEAL }, label: label('Deal') },
    { key: 'total', type: 'number', precision: 2, label: label('Total') },
  ],
  listView: { columns: ['subject'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;
let mail: MailCatcher;
let staff: { id: string; api: ApiClient };
let boss: { id: string; api: ApiClient };
const created: string[] = [];

async function newDeal(values: Record<string, unknown>, client: ApiClient = api) {
  const answer = await client.post(`/api/records/${DEAL}`, { name: uniqueName('Deal'), ...values });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; version: number; data: Record<string, unknown> };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  api = await adminTokenClient();
  await saveEntity(deal);
  await saveEntity(note);
  mail = await startMailCatcher();
  boss = await person(api, 'manager', 'Boss');
  staff = await person(api, 'staff', 'Rep', boss.id);
});

afterAll(async () => {
  await (await collection('workflows')).deleteMany({ _id: { $in: created } });
  await mail.close();
  await closeQueues();
  await closeMongo();
});

async function workflow(definition: Parameters<typeof publish>[1]) {
  created.push(definition.key);
  const stored = await publish(api, definition);
  // Published from the web process; the worker's cache of which workflows an entity has expires within this.
  await wait(config.definitionCacheMs + 200);
  return stored;
}

describe('record triggers, conditions and record steps', () => {
  it('starts on created only when the conditions hold, and records every step’s input and output', async () => {
    const key = w('big-deal');
    await workflow({
      key,
      name: label('Big deals'),
      enabled: true,
      trigger: { event: 'created', entity: DEAL },
      condition: { match: 'all', conditions: [{ field: 'amount', op: 'gte', value: 1000 }] },
      actions: [
        { id: 'total', type: 'calculate', variable: 'doubled', formula: 'amount * 2' },
        { id: 'find', type: 'find_records', entity: DEAL, filter: { match: 'all', conditions: [{ field: 'amount', op: 'gte', value: 1000 }] }, limit: 500 },
        {
          id: 'which',
          type: 'branch',
          branches: [{ name: 'huge', condition: { match: 'all', conditions: [{ field: 'vars.doubled', op: 'gt', value: 10000 }] }, actions: [{ id: 'huge', type: 'create_record', entity: NOTE, values: { subject: 'Huge {{name}}', deal: '{{id}}', total: '{{vars.doubled}}' } }] }],
          otherwise: [{ id: 'normal', type: 'create_record', entity: NOTE, values: { subject: 'Normal {{name}}', deal: '{{id}}', total: '{{vars.doubled}}' } }],
        },
        { id: 'tell', type: 'notify', recipients: [{ type: 'owner' }, { type: 'field', field: 'rep' }], title: 'New deal {{name}} ({{steps.find.count}} big ones)', message: 'Worth {{amount}}' },
      ],
    });
    const small = await newDeal({ amount: 10 });
    const big = await newDeal({ amount: 6000, rep: staff.id });
    const run = await settledRun(`${key}-${big.id}-created-v1`);
    expect(await runOf(`${key}-${small.id}-created-v1`)).toBeNull();
    expect(run.workflowVersion).toBe(1);
    expect(run.vars).toEqual({ doubled: 12000 });
    expect(run.steps?.which.output).toMatchObject({ branch: 0, name: 'huge' });
    expect(run.steps?.normal).toBeUndefined();
    expect(run.steps?.huge.input).toMatchObject({ entity: NOTE, values: { subject: `Huge ${big.data.name}`, total: 12000 } });
    expect(run.steps?.find.output).toMatchObject({ count: expect.any(Number) });
    const notes = await (await recordCollection(NOTE)).find({ deal: big.id }).toArray();
    expect(notes.map((n) => [n.subject, n.total])).toEqual([[`Huge ${big.data.name}`, 12000]]);
    // The owner (the admin) and the rep are told, each once, in their list.
    const told = await (await collection('notifications')).find({ 'source.runId': run._id }).toArray();
    expect(told.map((n) => n.userId).sort()).toEqual([big.id && (await api.get('/api/me')).body.user.id, staff.id].sort());
    const mine = await staff.api.get('/api/notifications?unread=1');
    expect(mine.body.items[0]).toMatchObject({ title: expect.stringContaining(`New deal ${big.data.name}`), message: 'Worth 6000', link: { entity: DEAL, recordId: big.id }, read: false });
    expect((await staff.api.get('/api/me/counts')).body.notifications).toBeGreaterThanOrEqual(1);
    expect((await staff.api.post('/api/notifications/read', {})).body.changed).toBeGreaterThanOrEqual(1);
    expect((await staff.api.get('/api/me/counts')).body.notifications).toBe(0);
  });

  it('runs on updated only when a chosen field changed, comparing old and new values; and on deleted', async () => {
    const key = w('won');
    const gone = w('gone');
    await workflow({
      key,
      name: label('Won'),
      enabled: true,
      trigger: { event: 'updated', entity: DEAL, changed: ['stage'] },
      condition: { match: 'all', conditions: [{ field: 'old.stage', op: 'anyOf', value: ['new'] }, { field: 'stage', op: 'anyOf', value: ['won'] }] },
      actions: [{ id: 'mark', type: 'update_record', target: 'trigger', values: { touches: 1 } }],
    });
    await workflow({ key: gone, name: label('Gone'), enabled: true, trigger: { event: 'deleted', entity: DEAL }, actions: [{ id: 'n', type: 'create_record', entity: NOTE, values: { subject: 'Deleted {{name}}' } }] });
    const one = await newDeal({ stage: 'new' });
    await api.patch(`/api/records/${DEAL}/${one.id}`, { name: 'renamed' }); // v2: stage unchanged
    await api.patch(`/api/records/${DEAL}/${one.id}`, { stage: 'won' }); // v3: new → won
    const run = await settledRun(`${key}-${one.id}-updated-v3`);
    expect(run.previous).toMatchObject({ stage: 'new' });
    expect(await runOf(`${key}-${one.id}-updated-v2`)).toBeNull();
    expect((await api.get(`/api/records/${DEAL}/${one.id}`)).body.data.touches).toBe(1);
    // lost → won does not satisfy old.stage = new.
    const two = await newDeal({ stage: 'lost' });
    await api.patch(`/api/records/${DEAL}/${two.id}`, { stage: 'won' });
    await wait(1500);
    expect(await runOf(`${key}-${two.id}-updated-v2`)).toBeNull();
    expect((await api.delete(`/api/records/${DEAL}/${two.id}`)).status).toBe(204);
    await settledRun(`${gone}-${two.id}-deleted-v2`);
  });

  it('refuses a run past the loop guard’s depth and records why', async () => {
    const key = w('loop');
    await workflow({
      key,
      name: label('Counts itself up'),
      enabled: true,
      trigger: { event: 'updated', entity: DEAL, changed: ['touches'] },
      actions: [{ id: 'again', type: 'calculate', variable: 'next', formula: 'touches + 1' }, { id: 'bump', type: 'update_record', target: 'trigger', values: { touches: '{{vars.next}}' } }],
    });
    const one = await newDeal({ touches: 0 });
    await api.patch(`/api/records/${DEAL}/${one.id}`, { touches: 1 });
    const refused = await eventually(async () => {
      const runs = await (await collection('workflowRuns')).find({ workflowKey: key, recordId: one.id, status: 'refused' }).toArray();
      return runs[0];
    }, 'the loop guard to refuse a run');
    expect(refused.depth).toBe(MAX_DEPTH + 1);
    expect(refused.error).toContain('loop guard');
    const all = await (await collection('workflowRuns')).find({ workflowKey: key, recordId: one.id }).toArray();
    expect(all).toHaveLength(MAX_DEPTH + 2);
    expect((await api.get(`/api/records/${DEAL}/${one.id}`)).body.data.touches).toBe(MAX_DEPTH + 2);
  });
});

describe('people, messages and the outside world', () => {
  it('assigns owners round-robin over a group and to the least loaded', async () => {
    const a = await person(api, 'staff', 'Ann');
    const b = await person(api, 'staff', 'Bob');
    const turn = w('turn');
    await workflow({ key: turn, name: label('In turn'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'stage', op: 'anyOf', value: ['new'] }] }, actions: [{ id: 'give', type: 'assign_owner', target: 'trigger', mode: 'round_robin', people: { type: 'users', users: [a.id, b.id] } }] });
    const deals = [];
    for (let i = 0; i < 4; i++) deals.push(await newDeal({ stage: 'new' }));
    const owners = [];
    for (const one of deals) owners.push((await settledRun(`${turn}-${one.id}-created-v1`)).output.give);
    // Runs are taken by the worker concurrently, so turns follow the order runs start, not the order
    // records were created: what round robin promises is that each person gets every other one.
    const given = owners.map((o) => (o as { ownerId: string }).ownerId);
    expect([...given].sort()).toEqual([a.id, a.id, b.id, b.id].sort());
    expect((await api.get(`/api/records/${DEAL}/${deals[0].id}`)).body.ownerId).toBe(given[0]);

    const least = w('least');
    await workflow({ key: least, name: label('Least loaded'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'stage', op: 'anyOf', value: ['lost'] }] }, actions: [{ id: 'give', type: 'assign_owner', target: 'trigger', mode: 'least_loaded', people: { type: 'users', users: [a.id, b.id, boss.id] } }] });
    const lost = await newDeal({ stage: 'lost' });
    expect(((await settledRun(`${least}-${lost.id}-created-v1`)).output.give as { ownerId: string }).ownerId).toBe(boss.id);
  });

  it('sends email over SMTP to the local catcher, once', async () => {
    const key = w('mail');
    await workflow({ key, name: label('Mail'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'email', op: 'notEmpty' }] }, actions: [{ id: 'send', type: 'email', recipients: [{ type: 'field', field: 'rep' }], addresses: ['{{email}}'], subject: '新商机 New deal: {{name}}', body: 'Amount {{amount}}' }] });
    const one = await newDeal({ email: 'buyer@example.com', rep: staff.id, amount: 42 });
    const run = await settledRun(`${key}-${one.id}-created-v1`);
    const message = await eventually(async () => mail.messages.find((m) => m.subject === `新商机 New deal: ${one.data.name}`), 'the email');
    expect(message.text?.trim()).toBe('Amount 42');
    const to = (message.to as { value: { address: string }[] }).value.map((v) => v.address);
    expect(to).toHaveLength(2);
    expect(to).toContain('buyer@example.com');
    expect(to.some((address) => address.startsWith('rep.'))).toBe(true);
    expect(run.output.send).toMatchObject({ sent: 2, messageId: expect.stringContaining('@salesflow.local') });
    await wait(500);
    expect(mail.messages.filter((m) => m.subject === message.subject)).toHaveLength(1);
  });

  it('calls a webhook signed with the workflow’s secret, retries with backoff past two failures, and keeps the answers', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const key = w('hook-out');
      await workflow({ key, name: label('Tell the ERP'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'name', op: 'startsWith', value: 'ERP' }] }, actions: [{ id: 'erp', type: 'webhook', url: receiver.url, body: { deal: '{{id}}', amount: '{{amount}}' } }] });
      const secret = (await api.get(`/api/workflows/${key}/secret`)).body.secret as string;
      const one = await newDeal({ name: `ERP ${suffix}`, amount: 7 });
      const run = await settledRun(`${key}-${one.id}-created-v1`, 'succeeded', 40_000);
      expect(receiver.requests).toHaveLength(3);
      const ids = new Set(receiver.requests.map((r) => r.headers['x-salesflow-delivery']));
      expect(ids.size).toBe(1);
      for (const request of receiver.requests) {
        const expected = `sha256=${createHmac('sha256', secret).update(`${request.headers['x-salesflow-timestamp']}.${request.body}`).digest('hex')}`;
        expect(request.headers['x-salesflow-signature']).toBe(expected);
        expect(JSON.parse(request.body).data).toEqual({ deal: one.id, amount: 7 });
      }
      expect(run.attempts).toBe(3);
      expect(run.output.erp).toMatchObject({ status: 200, body: { received: 3, ok: true } });
      const delivery = await (await collection('webhookDeliveries')).findOne({ runId: run._id });
      expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
      expect(delivery?.status).toBe('delivered');
    } finally {
      await receiver.close();
    }
  });

  it('shows a run that keeps failing as failed with the error, and retries it from the UI’s route', async () => {
    const receiver = await startReceiver([500, 500, 500], 200);
    try {
      const key = w('hook-fail');
      await workflow({ key, name: label('Fails'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'name', op: 'startsWith', value: 'FAIL' }] }, actions: [{ id: 'made', type: 'create_record', entity: NOTE, values: { subject: 'before the hook {{name}}' } }, { id: 'erp', type: 'webhook', url: receiver.url }] });
      const one = await newDeal({ name: `FAIL ${suffix}` });
      const runId = `${key}-${one.id}-created-v1`;
      const failed = await settledRun(runId, 'failed', 40_000);
      expect(failed.error).toContain('HTTP 500');
      expect(failed.steps?.erp.status).toBe('failed');
      expect((await api.get('/api/workflow-runs?status=failed')).body.items.map((r: { _id: string }) => r._id)).toContain(runId);
      const retried = await api.post(`/api/workflow-runs/${runId}/retry`, {});
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      const done = await settledRun(runId);
      expect(done.steps?.made.attempts).toBe(1); // the step before the failure was not run again
      expect(await (await recordCollection(NOTE)).countDocuments({ subject: `before the hook FAIL ${suffix}` })).toBe(1);
      expect((await api.post(`/api/workflow-runs/${runId}/retry`, {})).status).toBe(409);
    } finally {
      await receiver.close();
    }
  });

  it('waits until a date-time of the record, then goes on', async () => {
    const key = w('wait');
    await workflow({ key, name: label('Wait'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'remindAt', op: 'notEmpty' }] }, actions: [{ id: 'later', type: 'wait', mode: 'until_field', field: 'remindAt' }, { id: 'then', type: 'create_record', entity: NOTE, values: { subject: 'after the wait {{name}}' } }] });
    const when = new Date(Date.now() + 4000);
    const one = await newDeal({ remindAt: when.toISOString() });
    const runId = `${key}-${one.id}-created-v1`;
    const waiting = await settledRun(runId, 'waiting');
    expect(waiting.waitingOn).toEqual({ stepId: 'later', kind: 'wait' });
    const done = await settledRun(runId, 'succeeded', 30_000);
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(when.getTime() - 1000);
  });

  it('starts a run from a signed inbound webhook, once per delivery, and refuses a bad signature', async () => {
    const key = w('hook-in');
    await workflow({ key, name: label('From the web shop'), enabled: true, trigger: { event: 'webhook', entity: DEAL }, actions: [{ id: 'deal', type: 'create_record', entity: DEAL, values: { name: 'Shop order {{payload.order.no}}', amount: '{{payload.order.total}}' } }] });
    const secret = (await api.get(`/api/workflows/${key}/secret`)).body.secret as string;
    const body = JSON.stringify({ order: { no: `W-${suffix}`, total: 99.5 } });
    const send = (signature?: string, idempotency = `delivery-${suffix}`) => {
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`${process.env.SALESFLOW_BASE_URL}/api/hooks/workflows/${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-salesflow-timestamp': String(timestamp), 'x-salesflow-signature': signature ?? `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`, 'idempotency-key': idempotency },
        body,
      });
    };
    expect((await send('sha256=00')).status).toBe(401);
    const first = await send();
    expect(first.status).toBe(202);
    const { runId } = (await first.json()) as { runId: string };
    const again = await send();
    expect(await again.json()).toMatchObject({ runId, created: false });
    const run = await settledRun(runId);
    const made = (await api.get(`/api/records/${DEAL}/${run.output.deal}`)).body;
    expect(made.data).toMatchObject({ name: `Shop order W-${suffix}`, amount: 99.5 });
    expect(made.createdBy).toBe('automation');
  });
});

describe('schedules and date reminders', () => {
  it('fires a schedule slot once however many passes run at once, one run per matching record', async () => {
    const key = w('daily');
    const zone = 'Asia/Shanghai';
    const local = DateTime.now().setZone(zone).minus({ minutes: 1 });
    // The records are there before the slot fires: it takes the ones that exist when it does.
    const deals = [await newDeal({ name: `SCHED ${suffix} a` }), await newDeal({ name: `SCHED ${suffix} b` })];
    await workflow({
      key,
      name: label('Every day'),
      enabled: true,
      trigger: { event: 'schedule', schedule: { frequency: 'daily', time: local.toFormat('HH:mm'), timezone: zone }, entity: DEAL, filter: { match: 'all', conditions: [{ field: 'name', op: 'startsWith', value: `SCHED ${suffix}` }] } },
      actions: [{ id: 'n', type: 'create_record', entity: NOTE, values: { subject: 'scheduled {{name}}', deal: '{{id}}' } }],
    });
    // The worker's own ticks run too; these passes race them.
    await Promise.all([automationTick(), automationTick(), automationTick()]);
    const slot = `${local.toISODate()!.replace(/-/g, '')}T${local.toFormat('HHmm')}`;
    for (const one of deals) await settledRun(`${key}-${one.id}-sched-${slot}`);
    await wait(2500);
    const runs = await (await collection('workflowRuns')).find({ workflowKey: key }).toArray();
    expect(runs).toHaveLength(2);
    for (const one of deals) expect(await (await recordCollection(NOTE)).countDocuments({ deal: one.id })).toBe(1);
  });

  it('reminds N days before a date, and follows the date when it moves', async () => {
    const key = w('remind');
    const zone = 'Asia/Shanghai';
    const now = DateTime.now().setZone(zone);
    const time = now.minus({ minutes: 2 }).toFormat('HH:mm');
    // Passed this minute today, unless it is just after midnight (then it is tomorrow's).
    const day = now.minus({ minutes: 2 }).toISODate()!;
    const inDays = (n: number) => DateTime.fromISO(day, { zone }).plus({ days: n }).toISODate()!;
    const due = await newDeal({ closeOn: inDays(3) });
    const later = await newDeal({ closeOn: inDays(10) });
    await workflow({ key, name: label('Before close'), enabled: true, trigger: { event: 'date', entity: DEAL, field: 'closeOn', offsetDays: -3, time, timezone: zone }, actions: [{ id: 'tell', type: 'notify', recipients: [{ type: 'users', users: [staff.id] }], title: 'Closes soon: {{name}}' }] });
    await automationTick();
    await settledRun(`${key}-${due.id}-date-${inDays(3).replace(/-/g, '')}`);
    await wait(1500);
    expect((await (await collection('workflowRuns')).find({ workflowKey: key, recordId: later.id }).toArray())).toHaveLength(0);
    // The later deal's date moves to three days from now: its reminder is due, and it comes.
    await api.patch(`/api/records/${DEAL}/${later.id}`, { closeOn: inDays(3) });
    await settledRun(`${key}-${later.id}-date-${inDays(3).replace(/-/g, '')}`);
    const told = await (await collection('notifications')).countDocuments({ userId: staff.id, 'source.workflowKey': key });
    expect(told).toBe(2);
  });
});

describe('designer routes', () => {
  it('checks as the admin edits, test-runs without writing, keeps versions and switches on and off', async () => {
    const key = w('designed');
    const definition = { key, version: 1, name: label('Designed'), enabled: true, trigger: { event: 'created', entity: DEAL }, actions: [{ id: 'make', type: 'create_record', entity: NOTE, values: { subject: 'from {{name}}', nope: 1 } }] };
    const checked = await api.post('/api/workflows/check', { definition });
    expect(checked.body.problems).toEqual([{ at: 'make', message: `step make: "nope" is not a field of ${NOTE}` }]);
    delete (definition.actions[0].values as Record<string, unknown>).nope;
    expect((await api.post('/api/workflows/check', { definition })).body.problems).toEqual([]);
    const one = await newDeal({ amount: 5 });
    const notesBefore = await (await recordCollection(NOTE)).countDocuments({});
    const test = await api.post('/api/workflows/test-run', { definition, recordId: one.id });
    expect(test.status, JSON.stringify(test.body)).toBe(200);
    expect(test.body).toMatchObject({ conditionsHold: true, outcome: 'done', steps: [{ stepId: 'make', status: 'done', input: { entity: NOTE, values: { subject: `from ${one.data.name}` } } }] });
    expect(await (await recordCollection(NOTE)).countDocuments({})).toBe(notesBefore);

    created.push(key);
    const v1 = await publish(api, definition as never);
    expect(v1.version).toBe(1);
    const stale = await api.put(`/api/workflows/${key}`, { definition: { ...definition, name: label('Designed again') }, baseVersion: 0 });
    expect(stale.status).toBe(409);
    const v2 = await api.put(`/api/workflows/${key}`, { definition: { ...definition, name: label('Designed again') }, baseVersion: 1 });
    expect(v2.body.version).toBe(2);
    expect((await api.get(`/api/workflows/${key}/versions`)).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await api.get(`/api/workflows/${key}/versions/1`)).body.name.en).toBe('Designed');
    expect((await api.put(`/api/workflows/${key}/enabled`, { enabled: false })).body.enabled).toBe(false);
    const invalid = await api.post('/api/workflows', { definition: { ...definition, key: w('bad'), trigger: { event: 'created', entity: 'no_such_entity' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('no_such_entity');
    expect((await staff.api.post('/api/workflows/check', { definition })).status).toBe(403);
  });

  it('keeps a run in flight on its version when a new one is published', async () => {
    const key = w('versions');
    await workflow({ key, name: label('V'), enabled: true, trigger: { event: 'created', entity: DEAL }, condition: { match: 'all', conditions: [{ field: 'name', op: 'startsWith', value: `VER ${suffix}` }] }, actions: [{ id: 'pause', type: 'wait', mode: 'until_field', field: 'remindAt' }, { id: 'make', type: 'create_record', entity: NOTE, values: { subject: 'v1 {{name}}' } }] });
    const one = await newDeal({ name: `VER ${suffix}`, remindAt: new Date(Date.now() + 3000).toISOString() });
    const runId = `${key}-${one.id}-created-v1`;
    await settledRun(runId, 'waiting');
    await publish(api, { key, name: label('V'), enabled: true, trigger: { event: 'created', entity: DEAL }, actions: [{ id: 'pause', type: 'wait', mode: 'until_field', field: 'remindAt' }, { id: 'make', type: 'create_record', entity: NOTE, values: { subject: 'v2 {{name}}' } }] });
    const done = await settledRun(runId, 'succeeded', 30_000);
    expect(done.workflowVersion).toBe(1);
    expect(await (await recordCollection(NOTE)).countDocuments({ subject: `v1 VER ${suffix}` })).toBe(1);
    expect(new ObjectId(done.output.make as string)).toBeDefined();
  });
});
