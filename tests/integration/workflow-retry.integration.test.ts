import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { config } from '@/lib/config';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { saveWorkflow } from '@/lib/workflows/workflow.service';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';

const visitLog: EntityDefinition = {
  key: 'visit_note',
  version: 1,
  label: { 'zh-CN': '拜访记录', en: 'Visit note' },
  displayField: 'subject',
  fields: [
    { key: 'subject', type: 'text', required: true, minLength: 1, label: { 'zh-CN': '主题', en: 'Subject' } },
    { key: 'customer', type: 'relation', relation: { entity: 'customer' }, label: { 'zh-CN': '客户', en: 'Customer' } },
  ],
  listView: { columns: ['subject'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
  // Its target entity does not exist yet, so its first attempt fails.
  await saveWorkflow({
    key: 'exhibition-visit',
    version: 1,
    name: { 'zh-CN': '展会客户拜访', en: 'Visit exhibition leads' },
    enabled: true,
    trigger: { entity: 'customer', event: 'created', when: { source: 'exhibition' } },
    actions: [{ id: 'visit', type: 'create_record', entity: 'visit_note', values: { subject: 'Visit {{name}}', customer: '{{id}}' } }],
  });
  // Saved from this process, so the web process sees it once its cached triggers expire.
  await new Promise((resolve) => setTimeout(resolve, config.definitionCacheMs));
});

afterAll(async () => {
  await (await collection('workflows')).deleteOne({ _id: 'exhibition-visit' });
  await closeMongo();
});

describe('a workflow run that fails', () => {
  it('is retried with backoff and succeeds once the cause is fixed, creating one record', async () => {
    const created = await api.post('/api/records/customer', { name: uniqueName('Expo lead'), source: 'exhibition' });
    expect(created.status).toBe(201);
    const runId = `exhibition-visit-${created.body.id}-created-v1`;
    const runs = await collection('workflowRuns');

    const failed = await eventually(async () => {
      const run = await runs.findOne({ _id: runId });
      return run?.status === 'retrying' ? run : undefined;
    }, 'the first attempt to fail');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toBe('There is no entity "visit_note".');

    await saveEntity(visitLog);

    const succeeded = await eventually(async () => {
      const run = await runs.findOne({ _id: runId });
      return run?.status === 'succeeded' ? run : undefined;
    }, 'the retry to succeed');
    // Usually 2; 3 if the second attempt started before the entity was saved.
    expect(succeeded.attempts).toBeGreaterThanOrEqual(2);
    expect(succeeded.attempts).toBeLessThanOrEqual(3);
    expect(succeeded.error).toBeNull();
    const notes = await (await recordCollection('visit_note')).find({ customer: created.body.id }).toArray();
    expect(notes).toHaveLength(1);
    expect(notes[0]._id.toHexString()).toBe(succeeded.output.visit);
  });

  it('is marked failed at once when its values cannot make a valid record', async () => {
    await saveWorkflow({
      key: 'exhibition-visit',
      version: 2,
      name: { 'zh-CN': '展会客户拜访', en: 'Visit exhibition leads' },
      enabled: true,
      trigger: { entity: 'customer', event: 'created', when: { source: 'exhibition' } },
      actions: [{ id: 'visit', type: 'create_record', entity: 'visit_note', values: { subject: '', customer: '{{id}}' } }],
    });
    // A run follows the version its trigger saw: wait until the web process sees version 2.
    await new Promise((resolve) => setTimeout(resolve, config.definitionCacheMs + 200));
    const created = await api.post('/api/records/customer', { name: uniqueName('Expo lead'), source: 'exhibition' });
    const runId = `exhibition-visit-${created.body.id}-created-v1`;
    const run = await eventually(async () => {
      const doc = await (await collection('workflowRuns')).findOne({ _id: runId });
      return doc?.status === 'failed' ? doc : undefined;
    }, 'the run to fail');
    expect(run.attempts).toBe(1);
    expect(run.error).toContain('subject: This field is required.');
    const listed = await api.get('/api/workflow-runs?status=failed');
    expect(listed.body.items.map((r: any) => r._id)).toContain(runId);
  });
});
