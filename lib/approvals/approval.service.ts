import { MongoBulkWriteError, ObjectId } from 'mongodb';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { collection, recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import { AppError, badRequest, forbidden, notFound } from '@/lib/errors/app-error';
import { translator } from '@/lib/i18n/messages';
import { enqueue, type WorkflowEvent } from '@/lib/jobs/jobs';
import { logger } from '@/lib/logger';
import { notify, type NewNotification } from '@/lib/notifications/notification.service';
import { lockRecord, unlockRecord, findRecordLock } from '@/lib/records/record.locks';
import { updateRecord } from '@/lib/records/record.service';
import type { RecordDoc } from '@/lib/records/record.types';
import { managerOf } from '@/lib/users/user-directory';
import { resolvePeople } from '@/lib/users/people';
import { userNames } from '@/lib/users/user.service';
import type { Actor } from '@/lib/users/user.types';
import type { ApprovalLevel } from '@/lib/workflows/workflow.types';
import type { ApprovalDecision, ApprovalDoc, ApprovalStatus, ApprovalTaskDoc, ApprovalTrailEntry, ApprovalView } from '@/lib/approvals/approval.types';

/**
 * Approvals without transactions: each person's part is a task document decided by one
 * conditional update (a second decision finds it done), a level moves on by a conditional
 * update of the approval's level (only one of two last approvers moves it), and the outcome is
 * set by a conditional update of the status (only once). The record stays locked while pending.
 */

const HOUR = 3600_000;
const english = translator('en');

export interface StartApproval {
  id: string;
  runId: string;
  runEvent: WorkflowEvent;
  workflowKey: string;
  stepId: string;
  entity: string;
  record: RecordDoc;
  title: string;
  submitterId: string;
  levels: ApprovalLevel[];
  statusField?: string;
  statusValues?: ApprovalDoc['statusValues'];
}

const noApprovers = (level: number) => new AppError('unprocessable', 'no_approvers', 'approvals.noApprovers', { level: level + 1 });

export const approvalTaskId = (approvalId: string, round: number, level: number, userId: string) => `${approvalId}-${round}-${level}-${userId}`;

function dueOf(level: ApprovalLevel | undefined, from: Date): Pick<ApprovalDoc, 'dueAt' | 'dueKind'> {
  if (!level) return { dueAt: null, dueKind: null };
  if (level.remindAfterHours && level.remindAfterHours > 0) return { dueAt: new Date(from.getTime() + level.remindAfterHours * HOUR), dueKind: 'remind' };
  if (level.escalateAfterHours && level.escalateAfterHours > 0) return { dueAt: new Date(from.getTime() + level.escalateAfterHours * HOUR), dueKind: 'escalate' };
  return { dueAt: null, dueKind: null };
}

async function recordOf(entity: string, recordId: string): Promise<RecordDoc | null> {
  if (!ObjectId.isValid(recordId)) return null;
  return (await recordCollection(entity)).findOne({ _id: new ObjectId(recordId) });
}

async function levelApprovers(approval: Pick<ApprovalDoc, 'levels' | 'submitterId' | 'entity' | 'recordId'>, level: number, record?: RecordDoc | null): Promise<string[]> {
  const spec = approval.levels[level]?.approvers;
  if (!spec) return [];
  const doc = record ?? (await recordOf(approval.entity, approval.recordId));
  return resolvePeople([spec], { record: doc, submitterId: approval.submitterId });
}

async function insertTasks(tasks: ApprovalTaskDoc[]): Promise<void> {
  if (tasks.length === 0) return;
  try {
    await (await collection('approvalTasks')).insertMany(tasks, { ordered: false });
  } catch (error) {
    // Tasks made by an earlier attempt of the same step are fine.
    if (!(error instanceof MongoBulkWriteError) || (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).some((failure) => failure.code !== 11000)) throw error;
  }
}

function newTasks(approval: Pick<ApprovalDoc, '_id' | 'round'>, level: number, users: string[], escalated = false): ApprovalTaskDoc[] {
  const now = new Date();
  return users.map((userId) => ({
    _id: approvalTaskId(approval._id, approval.round, level, userId),
    approvalId: approval._id,
    userId,
    round: approval.round,
    level,
    status: 'pending',
    decision: null,
    comment: null,
    escalated,
    createdAt: now,
    decidedAt: null,
  }));
}

async function tellApprovers(approval: ApprovalDoc, users: string[], kind: 'asked' | 'reminded' | 'escalated'): Promise<void> {
  const key = kind === 'asked' ? 'approvals.notify.asked' : kind === 'reminded' ? 'approvals.notify.reminder' : 'approvals.notify.escalated';
  const stamp = kind === 'asked' ? '' : `-${Date.now()}`;
  await notify(
    users.map<NewNotification>((userId) => ({
      id: `${approval._id}-${approval.round}-${approval.level}-${kind}-${userId}${stamp}`,
      userId,
      title: { key, params: { title: approval.title } },
      link: { entity: approval.entity, recordId: approval.recordId },
      source: { kind: 'approval', approvalId: approval._id, workflowKey: approval.workflowKey, runId: approval.runId },
    })),
  );
}

/** Writes the approval's state into the record's status field, when it has one (as the automation). */
async function showStatus(approval: ApprovalDoc, status: ApprovalStatus): Promise<void> {
  const value = approval.statusValues?.[status];
  if (!approval.statusField || !value) return;
  const record = await recordOf(approval.entity, approval.recordId);
  if (!record || record._deletedAt || record[approval.statusField] === value) return;
  await updateRecord(approval.entity, approval.recordId, { [approval.statusField]: value }, { actor: AUTOMATION_ACTOR, t: english, origin: { runId: approval.runId, depth: 99 } }, 'merge', undefined, { triggerWorkflows: false });
}

/**
 * Opens an approval for a step (or finds the one an earlier attempt opened), asks the first
 * level and locks the record. Each part is idempotent, so a retried step completes what a
 * crashed one began.
 */
export async function startApproval(input: StartApproval): Promise<ApprovalDoc> {
  const approvals = await collection('approvals');
  let approval = await approvals.findOne({ _id: input.id });
  if (!approval) {
    const approvers = await levelApprovers({ levels: input.levels, submitterId: input.submitterId, entity: input.entity, recordId: input.record._id.toHexString() }, 0, input.record);
    if (approvers.length === 0) throw noApprovers(0);
    // Locked before anyone is asked: nobody can change what the approvers are about to see.
    await lockRecord(input.entity, input.record._id.toHexString(), { kind: 'approval', id: input.id });
    // The record shows where it stands before the approval is listed anywhere.
    await showStatus({ _id: input.id, runId: input.runId, entity: input.entity, recordId: input.record._id.toHexString(), statusField: input.statusField, statusValues: input.statusValues } as ApprovalDoc, 'pending');
    const now = new Date();
    const doc: ApprovalDoc = {
      _id: input.id,
      runId: input.runId,
      runEvent: input.runEvent,
      workflowKey: input.workflowKey,
      stepId: input.stepId,
      entity: input.entity,
      recordId: input.record._id.toHexString(),
      title: input.title,
      submitterId: input.submitterId,
      status: 'pending',
      levels: input.levels,
      level: 0,
      round: 1,
      statusField: input.statusField,
      statusValues: input.statusValues,
      trail: [{ at: now, actorId: input.submitterId, action: 'submitted', level: 0 }],
      ...dueOf(input.levels[0], now),
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    try {
      await approvals.insertOne(doc);
      approval = doc;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      approval = (await approvals.findOne({ _id: input.id }))!;
    }
  }
  if (approval.status === 'pending') {
    const approvers = await levelApprovers(approval, approval.level, input.record);
    await insertTasks(newTasks(approval, approval.level, approvers));
    await lockRecord(approval.entity, approval.recordId, { kind: 'approval', id: approval._id });
    await showStatus(approval, 'pending');
    await tellApprovers(approval, approvers, 'asked');
  }
  return approval;
}

async function pendingTasks(approvalId: string, round: number, level: number): Promise<ApprovalTaskDoc[]> {
  return (await collection('approvalTasks')).find({ approvalId, round, level }).toArray();
}

async function cancelOpenTasks(approval: ApprovalDoc): Promise<void> {
  const tasks = await (await collection('approvalTasks')).find({ approvalId: approval._id, status: 'pending' }).toArray();
  for (const task of tasks) await (await collection('approvalTasks')).updateOne({ _id: task._id, status: 'pending' }, { $set: { status: 'cancelled' } });
}

/** Queues the run to go on from its approval step (a job id per outcome, so a repeat queues once). */
async function resumeRun(approval: ApprovalDoc, reason: string): Promise<void> {
  const event = approval.runEvent ?? 'updated';
  try {
    await enqueue('run-workflow', { runId: approval.runId, workflowKey: approval.workflowKey, entity: approval.entity, recordId: approval.recordId, event }, { jobId: `${approval.runId}-resume-${approval.stepId}-${approval.round}-${reason}` });
  } catch (error) {
    // The run waits with a wake-up time; the scheduler's sweep resumes it.
    logger.warn({ err: error, runId: approval.runId }, 'could not queue the run after an approval; the sweep will');
  }
}

/** Ends an approval (approved, rejected, withdrawn) or sends it back (returned): once, whoever else tries. */
async function conclude(approval: ApprovalDoc, status: Exclude<ApprovalStatus, 'pending'>, entry: ApprovalTrailEntry): Promise<ApprovalDoc> {
  const approvals = await collection('approvals');
  const now = new Date();
  const final = status !== 'returned';
  const updated = await approvals.findOneAndUpdate(
    { _id: approval._id, status: approval.status, round: approval.round },
    { $set: { status, updatedAt: now, dueAt: null, dueKind: null, ...(final ? { finishedAt: now } : {}) }, $push: { trail: entry } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
  await cancelOpenTasks(updated);
  const overrides = await unlockRecord(updated.entity, updated.recordId, updated._id);
  if (overrides.length > 0) {
    await approvals.updateOne({ _id: updated._id }, { $push: { trail: { $each: overrides.map((o) => ({ at: o.at, actorId: o.actorId, action: 'override' as const, level: updated.level, detail: o.action })) } } });
  }
  await showStatus(updated, status);
  await notify([
    {
      id: `${updated._id}-${updated.round}-${status}-submitter`,
      userId: updated.submitterId,
      title: { key: `approvals.notify.${status}`, params: { title: updated.title } },
      message: entry.comment ? entry.comment : undefined,
      link: { entity: updated.entity, recordId: updated.recordId },
      source: { kind: 'approval', approvalId: updated._id, workflowKey: updated.workflowKey, runId: updated.runId },
    },
  ]);
  if (final) await resumeRun(updated, status);
  return updated;
}

export async function findApproval(id: string): Promise<ApprovalDoc> {
  const approval = await (await collection('approvals')).findOne({ _id: String(id) });
  if (!approval) throw notFound();
  return approval;
}

function checkComment(comment: unknown, required: boolean): string | undefined {
  if (comment === undefined || comment === null || comment === '') {
    if (required) throw new AppError('invalid', 'comment_required', 'approvals.commentRequired');
    return undefined;
  }
  if (typeof comment !== 'string' || comment.length > 2000) throw badRequest('comment must be text of at most 2000 characters');
  return comment.trim() || undefined;
}

/**
 * An approver decides. "any": one approval completes the level; "all": every approver's. A
 * rejection ends the approval; a return sends it back to the submitter. Comments are kept in the
 * trail; a rejection or a return needs one.
 */
export async function decideApproval(id: string, actor: Actor, decision: ApprovalDecision, rawComment?: unknown): Promise<ApprovalDoc> {
  if (!['approve', 'reject', 'return'].includes(decision)) throw badRequest('decision must be approve, reject or return');
  const comment = checkComment(rawComment, decision !== 'approve');
  const approval = await findApproval(id);
  if (approval.status !== 'pending') throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
  const tasks = await collection('approvalTasks');
  const taskId = approvalTaskId(approval._id, approval.round, approval.level, actor.id);
  const now = new Date();
  const task = await tasks.findOneAndUpdate({ _id: taskId, status: 'pending' }, { $set: { status: 'done', decision, comment: comment ?? null, decidedAt: now } }, { returnDocument: 'after' });
  if (!task) {
    const mine = await tasks.findOne({ _id: taskId });
    if (mine) throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
    throw forbidden();
  }
  const entry: ApprovalTrailEntry = { at: now, actorId: actor.id, action: decision, level: approval.level, comment };
  if (decision === 'reject') return conclude(approval, 'rejected', entry);
  if (decision === 'return') return conclude(approval, 'returned', entry);

  const approvals = await collection('approvals');
  await approvals.updateOne({ _id: approval._id }, { $push: { trail: entry }, $set: { updatedAt: now } });
  const level = approval.levels[approval.level];
  const all = await pendingTasks(approval._id, approval.round, approval.level);
  // An escalated approver (a manager added after a timeout) decides for the level.
  const complete = level.mode === 'any' || task.escalated || all.every((candidate) => candidate.status !== 'pending' || candidate.escalated);
  if (!complete) return (await approvals.findOne({ _id: approval._id }))!;
  const next = approval.level + 1;
  if (next >= approval.levels.length) {
    const current = (await approvals.findOne({ _id: approval._id }))!;
    return conclude(current, 'approved', { at: now, actorId: AUTOMATION_ACTOR.id, action: 'approve', level: approval.level, detail: 'complete' }).catch(async (error) => {
      // The other last approver concluded it at the same moment.
      if (error instanceof AppError && error.code === 'approval_decided') return (await approvals.findOne({ _id: approval._id }))!;
      throw error;
    });
  }
  // Only one of two approvers finishing a level at once moves it on.
  const moved = await approvals.findOneAndUpdate(
    { _id: approval._id, level: approval.level, round: approval.round, status: 'pending' },
    { $set: { level: next, updatedAt: now, ...dueOf(approval.levels[next], now) } },
    { returnDocument: 'after' },
  );
  if (!moved) return (await approvals.findOne({ _id: approval._id }))!;
  await cancelOpenTasks({ ...moved, level: approval.level });
  const approvers = await levelApprovers(moved, next);
  if (approvers.length === 0) return conclude(moved, 'rejected', { at: now, actorId: AUTOMATION_ACTOR.id, action: 'reject', level: next, comment: english('approvals.noApprovers', { level: next + 1 }) });
  await insertTasks(newTasks(moved, next, approvers));
  await tellApprovers(moved, approvers, 'asked');
  return moved;
}

/** The submitter takes it back: the approval ends as withdrawn and the record is free. */
export async function withdrawApproval(id: string, actor: Actor, rawComment?: unknown): Promise<ApprovalDoc> {
  const comment = checkComment(rawComment, false);
  const approval = await findApproval(id);
  if (approval.submitterId !== actor.id && !actor.access.admin) throw forbidden();
  if (approval.status !== 'pending' && approval.status !== 'returned') throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
  return conclude(approval, 'withdrawn', { at: new Date(), actorId: actor.id, action: 'withdrawn', level: approval.level, comment });
}

/** After a return, the submitter sends it again: a new round from the first level. */
export async function resubmitApproval(id: string, actor: Actor, rawComment?: unknown): Promise<ApprovalDoc> {
  const comment = checkComment(rawComment, false);
  const approval = await findApproval(id);
  if (approval.submitterId !== actor.id && !actor.access.admin) throw forbidden();
  if (approval.status !== 'returned') throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
  const now = new Date();
  const approvals = await collection('approvals');
  const updated = await approvals.findOneAndUpdate(
    { _id: approval._id, status: 'returned', round: approval.round },
    {
      $set: { status: 'pending', level: 0, round: approval.round + 1, updatedAt: now, ...dueOf(approval.levels[0], now) },
      $push: { trail: { at: now, actorId: actor.id, action: 'resubmitted', level: 0, comment } },
    },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'approval_decided', 'approvals.alreadyDecided');
  const approvers = await levelApprovers(updated, 0);
  if (approvers.length === 0) throw noApprovers(0);
  await insertTasks(newTasks(updated, 0, approvers));
  await lockRecord(updated.entity, updated.recordId, { kind: 'approval', id: updated._id });
  await showStatus(updated, 'pending');
  await tellApprovers(updated, approvers, 'asked');
  return updated;
}

/**
 * Reminders and escalations that fell due: a reminder tells the level's open approvers again;
 * an escalation adds their managers as approvers. Each due approval is claimed by a conditional
 * update of its due time, so two workers never send the same reminder.
 */
export async function approvalTimeouts(now = new Date()): Promise<number> {
  const approvals = await collection('approvals');
  const due = await approvals.find({ status: 'pending', dueAt: { $lte: now } }).limit(200).toArray();
  let handled = 0;
  for (const approval of due) {
    const level = approval.levels[approval.level];
    const next =
      approval.dueKind === 'remind' && level?.escalateAfterHours && level.escalateAfterHours > (level.remindAfterHours ?? 0)
        ? { dueAt: new Date(approval.createdAt.getTime() + level.escalateAfterHours * HOUR), dueKind: 'escalate' as const }
        : { dueAt: null, dueKind: null };
    const claimed = await approvals.findOneAndUpdate({ _id: approval._id, dueAt: approval.dueAt, status: 'pending' }, { $set: { ...next, updatedAt: now } }, { returnDocument: 'after' });
    if (!claimed) continue;
    handled++;
    const open = (await pendingTasks(approval._id, approval.round, approval.level)).filter((task) => task.status === 'pending').map((task) => task.userId);
    if (approval.dueKind === 'remind') {
      await approvals.updateOne({ _id: approval._id }, { $push: { trail: { at: now, actorId: AUTOMATION_ACTOR.id, action: 'reminded', level: approval.level } } });
      await tellApprovers(claimed, open, 'reminded');
    } else {
      const managers = [...new Set((await Promise.all(open.map((userId) => managerOf(userId)))).filter((id): id is string => id !== null && !open.includes(id)))];
      await insertTasks(newTasks(claimed, claimed.level, managers, true));
      await approvals.updateOne({ _id: approval._id }, { $push: { trail: { at: now, actorId: AUTOMATION_ACTOR.id, action: 'escalated', level: approval.level, detail: managers.join(',') } } });
      await tellApprovers(claimed, managers, 'escalated');
    }
  }
  return handled;
}

// ----------------------------------------------------------------------------- reading -----

export async function toApprovalView(approval: ApprovalDoc, actor: Actor): Promise<ApprovalView> {
  const tasks = await (await collection('approvalTasks')).find({ approvalId: approval._id, round: approval.round }).toArray();
  const names = await userNames([approval.submitterId, ...tasks.map((task) => task.userId), ...approval.trail.map((entry) => entry.actorId)]);
  const name = (id: string) => (id === AUTOMATION_ACTOR.id ? AUTOMATION_ACTOR.name : names.get(id) ?? id);
  const mine = tasks.find((task) => task.userId === actor.id && task.level === approval.level && task.status === 'pending');
  const submitter = approval.submitterId === actor.id || actor.access.admin;
  return {
    id: approval._id,
    entity: approval.entity,
    recordId: approval.recordId,
    title: approval.title,
    workflowKey: approval.workflowKey,
    submitter: { id: approval.submitterId, name: name(approval.submitterId) },
    status: approval.status,
    level: approval.level,
    levels: approval.levels.map((level, index) => ({
      name: level.name ?? '',
      mode: level.mode,
      approvers: tasks.filter((task) => task.level === index).map((task) => ({ id: task.userId, name: name(task.userId), decision: task.decision, status: task.status })),
    })),
    trail: approval.trail.map((entry) => ({ ...entry, at: entry.at.toISOString(), actorName: name(entry.actorId) })),
    can: {
      decide: approval.status === 'pending' && Boolean(mine),
      withdraw: submitter && (approval.status === 'pending' || approval.status === 'returned'),
      resubmit: submitter && approval.status === 'returned',
    },
    createdAt: approval.createdAt.toISOString(),
    finishedAt: approval.finishedAt?.toISOString() ?? null,
  };
}

/** A record's approvals (newest first) and whether it is locked now. */
export async function recordApprovals(entity: string, recordId: string, actor: Actor) {
  await getEntity(entity);
  const approvals = await (await collection('approvals')).find({ entity, recordId }).sort({ createdAt: -1 }).limit(20).toArray();
  const lock = await findRecordLock(entity, recordId);
  return {
    locked: lock ? { approvalId: lock.holder.id, since: lock.lockedAt.toISOString(), overrides: lock.overrides.length } : null,
    items: await Promise.all(approvals.map((approval) => toApprovalView(approval, actor))),
  };
}

export type InboxBox = 'waiting' | 'submitted' | 'done';

/** The to-do inbox: waiting for me, submitted by me, done by me (newest first). */
export async function approvalInbox(actor: Actor, box: InboxBox, limit = 50) {
  const size = Math.min(Math.max(limit, 1), 200);
  let approvals: ApprovalDoc[];
  if (box === 'submitted') {
    approvals = await (await collection('approvals')).find({ submitterId: actor.id }).sort({ createdAt: -1 }).limit(size).toArray();
  } else {
    const tasks = await (await collection('approvalTasks'))
      .find({ userId: actor.id, status: box === 'waiting' ? 'pending' : 'done' })
      .sort({ createdAt: -1 })
      .limit(size)
      .toArray();
    const ids = [...new Set(tasks.map((task) => task.approvalId))];
    const found = await Promise.all(ids.map(async (id) => (await collection('approvals')).findOne({ _id: id })));
    approvals = found.filter((doc): doc is ApprovalDoc => doc !== null && (box !== 'waiting' || doc.status === 'pending'));
  }
  return Promise.all(approvals.map((approval) => toApprovalView(approval, actor)));
}

/** The header's count: approvals waiting for me. */
export async function waitingCount(userId: string): Promise<number> {
  return (await collection('approvalTasks')).countDocuments({ userId, status: 'pending' });
}
