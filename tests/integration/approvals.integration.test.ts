import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { closeQueues } from '@/lib/jobs/jobs';
import { approvalTimeouts } from '@/lib/approvals/approval.service';
import type { ApprovalLevel } from '@/lib/workflows/workflow.types';
import { adminTokenClient, eventually, uniqueName, type ApiClient } from '../support/http';
import { person, publish, runOf, settledRun } from '../support/automation';

/**
 * Approvals end to end: a workflow's approval step asks people level by level, locks the
 * record, and the run goes on with the outcome. Decisions go through the HTTP API as the
 * approval panel and the inbox send them.
 */
const suffix = Date.now().toString(36);
const label = (en: string) => ({ 'zh-CN': en, en });
const ENTITY = `ap_expense_${suffix}`;
const expense: EntityDefinition = {
  key: ENTITY,
  version: 1,
  label: label('Expense'),
  displayField: 'title',
  fields: [
    { key: 'title', type: 'text', required: true, label: label('Title') },
    { key: 'amount', type: 'number', precision: 2, label: label('Amount') },
    { key: 'flow', type: 'text', label: label('Flow') },
    { key: 'checker', type: 'user', label: label('Checker') },
    {
      key: 'approval',
      type: 'select',
      label: label('Approval'),
      options: ['pending', 'approved', 'rejected', 'returned', 'withdrawn'].map((value) => ({ value, label: label(value) })),
    },
    { key: 'outcome', type: 'text', label: label('Outcome') },
  ],
  listView: { columns: ['title'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

let admin: ApiClient;
let submitter: { id: string; api: ApiClient };
let manager: { id: string; api: ApiClient };
let finance1: { id: string; api: ApiClient };
let finance2: { id: string; api: ApiClient };
const keys: string[] = [];

async function approvalWorkflow(flow: string, levels: ApprovalLevel[]) {
  const key = `ap-${flow}-${suffix}`;
  keys.push(key);
  await publish(admin, {
    key,
    name: label(`Approve ${flow}`),
    enabled: true,
    trigger: { event: 'created', entity: ENTITY },
    condition: { match: 'all', conditions: [{ field: 'flow', op: 'eq', value: flow }] },
    actions: [
      { id: 'ask', type: 'approval', title: 'Expense {{title}} ({{amount}})', levels, statusField: 'approval', statusValues: { pending: 'pending', approved: 'approved', rejected: 'rejected', returned: 'returned', withdrawn: 'withdrawn' } },
      { id: 'after', type: 'update_record', target: 'trigger', values: { outcome: '{{steps.ask.outcome}}: {{steps.ask.comment}}' } },
    ],
  });
  return key;
}

async function submit(flow: string, extra: Record<string, unknown> = {}) {
  const made = await submitter.api.post(`/api/records/${ENTITY}`, { title: uniqueName('Trip'), amount: 1200, flow, ...extra });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body as { id: string; data: Record<string, unknown> };
}

async function approvalOf(recordId: string, client: ApiClient = admin) {
  return eventually(async () => {
    const answer = await client.get(`/api/records/${ENTITY}/${recordId}/approvals`);
    return answer.body.items?.[0] ? answer.body : undefined;
  }, 'the approval to open');
}

const decide = (client: ApiClient, id: string, decision: string, comment?: string) => client.post(`/api/approvals/${id}/decide`, { decision, comment });

beforeAll(async () => {
  admin = await adminTokenClient();
  await saveEntity(expense);
  manager = await person(admin, 'manager', 'Approving manager');
  submitter = await person(admin, 'staff', 'Submitter', manager.id);
  finance1 = await person(admin, 'staff', 'Finance one');
  finance2 = await person(admin, 'staff', 'Finance two');
  await approvalWorkflow('two-levels', [
    { name: 'Manager', approvers: { type: 'submitter_manager' }, mode: 'any' },
    { name: 'Finance', approvers: { type: 'users', users: [finance1.id, finance2.id] }, mode: 'all' },
  ]);
  await approvalWorkflow('any', [{ approvers: { type: 'users', users: [finance1.id, finance2.id] }, mode: 'any' }]);
  await approvalWorkflow('field', [{ approvers: { type: 'field', field: 'checker' }, mode: 'any', remindAfterHours: 1, escalateAfterHours: 2 }]);
  await new Promise((resolve) => setTimeout(resolve, 300));
});

afterAll(async () => {
  await (await collection('workflows')).deleteMany({ _id: { $in: keys } });
  await closeQueues();
  await closeMongo();
});

describe('an approval in two levels (the manager, then all of finance)', () => {
  it('locks the record, asks each level in turn, and lets the run go on when all approved', async () => {
    const record = await submit('two-levels');
    const panel = await approvalOf(record.id, submitter.api);
    const approval = panel.items[0];
    expect(panel.locked).toMatchObject({ approvalId: approval.id });
    expect(approval).toMatchObject({ status: 'pending', level: 0, submitter: { id: submitter.id }, title: `Expense ${record.data.title} (1200)` });
    expect(approval.levels[0].approvers.map((a: { id: string }) => a.id)).toEqual([manager.id]);
    expect((await admin.get(`/api/records/${ENTITY}/${record.id}`)).body.data.approval).toBe('pending');

    // Locked: the submitter cannot edit or delete; an admin can, and that is recorded.
    const edit = await submitter.api.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 9999 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('record_locked');
    expect((await admin.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 1300 })).status).toBe(409);
    expect((await admin.patch(`/api/records/${ENTITY}/${record.id}?overrideLock=1`, { amount: 1300 })).status).toBe(200);

    // Not an approver of this level: refused.
    expect((await decide(finance1.api, approval.id, 'approve')).status).toBe(403);
    expect((await manager.api.get('/api/me/counts')).body.approvals).toBeGreaterThanOrEqual(1);
    expect((await manager.api.get('/api/approvals?box=waiting')).body.items.map((a: { id: string }) => a.id)).toContain(approval.id);
    const first = await decide(manager.api, approval.id, 'approve', 'fine by me');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.level).toBe(1);
    expect((await manager.api.get('/api/approvals?box=done')).body.items.map((a: { id: string }) => a.id)).toContain(approval.id);
    expect((await decide(manager.api, approval.id, 'approve')).status).toBe(403);

    // "all": one of two is not enough.
    const half = await decide(finance1.api, approval.id, 'approve');
    expect(half.body).toMatchObject({ status: 'pending', level: 1 });
    // Both at once for the last one would be a race; the second approver decides alone here.
    const last = await decide(finance2.api, approval.id, 'approve', 'paid from budget');
    expect(last.body.status).toBe('approved');

    const runId = approval.id.replace(/-ask$/, '');
    const run = await settledRun(runId);
    expect(run.output.ask).toMatchObject({ outcome: 'approved', comment: 'paid from budget' });
    const after = (await admin.get(`/api/records/${ENTITY}/${record.id}`)).body;
    expect(after.data).toMatchObject({ approval: 'approved', outcome: 'approved: paid from budget' });
    const panelAfter = await admin.get(`/api/records/${ENTITY}/${record.id}/approvals`);
    expect(panelAfter.body.locked).toBeNull();
    expect(panelAfter.body.items[0].trail.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approve', 'approve', 'approve', 'approve', 'override']);
    expect((await submitter.api.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 1 })).status).toBe(200);
    // The submitter was told.
    const told = await submitter.api.get('/api/notifications');
    expect(told.body.items.map((n: { title: string }) => n.title)).toContain(`Approved: Expense ${record.data.title} (1200)`);
  });

  it('ends at a rejection, with its comment, which is required', async () => {
    const record = await submit('two-levels');
    const approval = (await approvalOf(record.id)).items[0];
    const bare = await decide(manager.api, approval.id, 'reject');
    expect(bare.status).toBe(400);
    expect(bare.body.error.code).toBe('comment_required');
    expect((await decide(manager.api, approval.id, 'reject', 'too expensive')).body.status).toBe('rejected');
    const run = await settledRun(approval.id.replace(/-ask$/, ''));
    expect(run.output.ask).toMatchObject({ outcome: 'rejected', comment: 'too expensive' });
    expect((await admin.get(`/api/records/${ENTITY}/${record.id}`)).body.data).toMatchObject({ approval: 'rejected', outcome: 'rejected: too expensive' });
    expect(await (await collection('approvalTasks')).countDocuments({ approvalId: approval.id, status: 'pending' })).toBe(0);
  });
});

describe('any one of several approvers', () => {
  it('is decided by the first approval; the others’ tasks close', async () => {
    const record = await submit('any');
    const approval = (await approvalOf(record.id)).items[0];
    expect((await decide(finance2.api, approval.id, 'approve')).body.status).toBe('approved');
    expect((await decide(finance1.api, approval.id, 'approve')).status).toBe(409);
    expect(await (await collection('approvalTasks')).countDocuments({ approvalId: approval.id, userId: finance1.id, status: 'cancelled' })).toBe(1);
    await settledRun(approval.id.replace(/-ask$/, ''));
  });

  it('goes back to the submitter on a return, who edits and submits again', async () => {
    const record = await submit('any');
    const approval = (await approvalOf(record.id)).items[0];
    const returned = await decide(finance1.api, approval.id, 'return', 'attach the receipt');
    expect(returned.body.status).toBe('returned');
    expect((await admin.get(`/api/records/${ENTITY}/${record.id}`)).body.data.approval).toBe('returned');
    // Unlocked while returned; the run still waits.
    expect((await submitter.api.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 1100 })).status).toBe(200);
    expect((await runOf(approval.id.replace(/-ask$/, '')))?.status).toBe('waiting');
    const again = await submitter.api.post(`/api/approvals/${approval.id}/resubmit`, { comment: 'receipt attached' });
    expect(again.body).toMatchObject({ status: 'pending', level: 0 });
    expect((await submitter.api.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 1000 })).status).toBe(409);
    expect((await decide(finance1.api, approval.id, 'approve', 'ok now')).body.status).toBe('approved');
    const run = await settledRun(approval.id.replace(/-ask$/, ''));
    expect(run.output.ask).toMatchObject({ outcome: 'approved' });
    const trail = (await admin.get(`/api/approvals/${approval.id}`)).body.trail.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['submitted', 'return', 'resubmitted', 'approve', 'approve']);
  });

  it('can be withdrawn by the submitter only', async () => {
    const record = await submit('any');
    const approval = (await approvalOf(record.id)).items[0];
    expect((await finance1.api.post(`/api/approvals/${approval.id}/withdraw`, {})).status).toBe(403);
    expect((await submitter.api.post(`/api/approvals/${approval.id}/withdraw`, { comment: 'not needed' })).body.status).toBe('withdrawn');
    const run = await settledRun(approval.id.replace(/-ask$/, ''));
    expect(run.output.ask).toMatchObject({ outcome: 'withdrawn' });
    expect((await submitter.api.get('/api/approvals?box=submitted')).body.items.find((a: { id: string }) => a.id === approval.id).status).toBe('withdrawn');
    expect((await submitter.api.patch(`/api/records/${ENTITY}/${record.id}`, { amount: 5 })).status).toBe(200);
  });
});

describe('approvers from a user field, reminders and escalation', () => {
  it('reminds after the timeout, then adds the approver’s manager', async () => {
    const checker = await person(admin, 'staff', 'Checker', manager.id);
    const record = await submit('field', { checker: checker.id });
    const approval = (await approvalOf(record.id)).items[0];
    expect(approval.levels[0].approvers.map((a: { id: string }) => a.id)).toEqual([checker.id]);
    const hour = 3600_000;
    // The sweep as if an hour, then two, had passed.
    await approvalTimeouts(new Date(Date.now() + hour + 60_000));
    const reminded = await checker.api.get('/api/notifications');
    expect(reminded.body.items.some((n: { title: string }) => n.title.startsWith('Reminder'))).toBe(true);
    await approvalTimeouts(new Date(Date.now() + 2 * hour + 120_000));
    const escalated = (await admin.get(`/api/approvals/${approval.id}`)).body;
    expect(escalated.levels[0].approvers.map((a: { id: string }) => a.id).sort()).toEqual([checker.id, manager.id].sort());
    expect(escalated.trail.map((e: { action: string }) => e.action)).toEqual(['submitted', 'reminded', 'escalated']);
    expect((await decide(manager.api, approval.id, 'approve', 'for the checker')).body.status).toBe('approved');
    await settledRun(approval.id.replace(/-ask$/, ''));
  });
});
