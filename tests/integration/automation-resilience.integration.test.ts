import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { closeQueues } from '@/lib/jobs/jobs';
import { adminTokenClient, eventually, type ApiClient } from '../support/http';
import { publish, startReceiver, startWorker, stopProcess, workerPid, type Receiver } from '../support/automation';

/**
 * What must hold when processes die or double: a scheduled slot fires once with two workers,
 * and killing the worker (kill -9) in the middle of runs leaves every effect made exactly once.
 */
const suffix = Date.now().toString(36);
const label = (en: string) => ({ 'zh-CN': en, en });
const TICKET = `rs_ticket_${suffix}`;
const LOG = `rs_log_${suffix}`;
const entities: EntityDefinition[] = [
  { key: TICKET, version: 1, label: label('Ticket'), displayField: 'name', fields: [{ key: 'name', type: 'text', required: true, label: label('Name') }], listView: { columns: ['name'], sort: [], pageSize: 20 } },
  {
    key: LOG,
    version: 1,
    label: label('Log'),
    displayField: 'text',
    fields: [
      { key: 'text', type: 'text', required: true, label: label('Text') },
      { key: 'ticket', type: 'relation', relation: { entity: TICKET }, label: label('Ticket') },
    ],
    listView: { columns: ['text'], sort: [], pageSize: 20 },
  },
];

let api: ApiClient;
let me: string;
const keys: string[] = [];
const extraWorkers: number[] = [];

beforeAll(async () => {
  api = await adminTokenClient();
  me = (await api.get('/api/me')).body.user.id;
  for (const def of entities) await saveEntity(def);
});

afterAll(async () => {
  for (const pid of extraWorkers) stopProcess(pid);
  await (await collection('workflows')).deleteMany({ _id: { $in: keys } });
  await closeQueues();
  await closeMongo();
});

describe('two workers', () => {
  it('fire a scheduled slot once', async () => {
    extraWorkers.push(startWorker('worker-second'));
    const key = `rs-sched-${suffix}`;
    keys.push(key);
    const local = DateTime.now().setZone('Europe/Berlin').minus({ minutes: 1 });
    await publish(api, { key, name: label('Every day'), enabled: true, trigger: { event: 'schedule', schedule: { frequency: 'daily', time: local.toFormat('HH:mm'), timezone: 'Europe/Berlin' } }, actions: [{ id: 'log', type: 'create_record', entity: LOG, values: { text: `scheduled ${suffix}` } }] });
    const run = await eventually(async () => (await (await collection('workflowRuns')).findOne({ workflowKey: key, status: 'succeeded' })) ?? undefined, 'the scheduled run', 30_000);
    expect(run._id).toBe(`${key}-sched-${local.toISODate()!.replace(/-/g, '')}T${local.toFormat('HHmm')}`);
    // Several more ticks of both workers.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await (await collection('workflowRuns')).countDocuments({ workflowKey: key })).toBe(1);
    expect(await (await recordCollection(LOG)).countDocuments({ text: `scheduled ${suffix}` })).toBe(1);
  });
});

describe('a worker killed with kill -9 in the middle of runs', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => receiver.close());

  it('leaves every effect made exactly once once another worker took over', async () => {
    const key = `rs-kill-${suffix}`;
    keys.push(key);
    await publish(api, {
      key,
      name: label('Many effects'),
      enabled: true,
      trigger: { event: 'created', entity: TICKET },
      actions: [
        { id: 'first', type: 'create_record', entity: LOG, values: { text: 'first {{name}}', ticket: '{{id}}' } },
        { id: 'tell', type: 'notify', recipients: [{ type: 'users', users: [me] }], title: 'ticket {{name}}' },
        { id: 'call', type: 'webhook', url: '' },
        { id: 'count', type: 'calculate', variable: 'n', formula: 'LEN(name)' },
        { id: 'second', type: 'create_record', entity: LOG, values: { text: 'second {{name}} {{vars.n}}', ticket: '{{id}}' } },
      ].map((step) => (step.id === 'call' ? { ...step, url: receiver.url } : step)) as never,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = 40;
    const tickets = await Promise.all(Array.from({ length: count }, (_, i) => api.post(`/api/records/${TICKET}`, { name: `t${i}-${suffix}` })));
    for (const ticket of tickets) expect(ticket.status).toBe(201);
    // Kill the worker while runs are under way.
    await eventually(async () => ((await (await collection('workflowRuns')).countDocuments({ workflowKey: key, status: 'succeeded' })) > 0 ? true : undefined), 'some runs to finish', 30_000);
    stopProcess(workerPid(), 'SIGKILL');
    for (const pid of extraWorkers.splice(0)) stopProcess(pid, 'SIGKILL');
    const before = await (await collection('workflowRuns')).countDocuments({ workflowKey: key, status: 'succeeded' });
    startWorker('worker');
    await eventually(
      async () => ((await (await collection('workflowRuns')).countDocuments({ workflowKey: key, status: 'succeeded' })) === count ? true : undefined),
      `all ${count} runs to succeed (${before} had before the kill)`,
      90_000,
    );
    const ids = tickets.map((ticket) => ticket.body.id as string);
    const logs = await (await recordCollection(LOG)).find({ ticket: { $in: ids } }).toArray();
    expect(logs).toHaveLength(2 * count);
    for (const id of ids) expect(logs.filter((log) => log.ticket === id).map((log) => String(log.text).split(' ')[0]).sort()).toEqual(['first', 'second']);
    const runIds = ids.map((id) => `${key}-${id}-created-v1`);
    expect(await (await collection('notifications')).countDocuments({ 'source.runId': { $in: runIds } })).toBe(count);
    const deliveries = await (await collection('webhookDeliveries')).find({ runId: { $in: runIds } }).toArray();
    expect(deliveries).toHaveLength(count);
    expect(deliveries.every((delivery) => delivery.status === 'delivered')).toBe(true);
    // A call cut off by the kill may reach the receiver again, always under its delivery id.
    expect(new Set(receiver.requests.map((request) => request.headers['x-salesflow-delivery'])).size).toBe(count);
  }, 150_000);
});
