import { Binary, ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { AppError, badRequest, notFound } from '@/lib/errors/app-error';
import { getEntity } from '@/lib/entities/entity.service';
import { findField } from '@/lib/entities/entity.schema';
import { DEFAULT_ATTACHMENT_SETTINGS, type AttachmentRef } from '@/lib/fields/types/attachment';
import { readMultipartFile, UploadError } from '@/lib/http/multipart';
import { combine } from '@/lib/records/record.filter';
import type { Actor } from '@/lib/users/user.types';

/** A file kept in the database (one document: files are capped well below the 16 MB document limit). */
export interface AttachmentDoc {
  _id: ObjectId;
  entity: string;
  field: string;
  name: string;
  type: string;
  size: number;
  data: Binary;
  uploadedBy: string;
  uploadedAt: Date;
  /** The record found holding it (remembered at its first download by someone else). */
  recordId?: string;
}

const HARD_LIMIT_MB = 15;

function accepts(accept: string[], name: string, type: string): boolean {
  if (accept.length === 0) return true;
  const lowerName = name.toLowerCase();
  return accept.some((rule) => {
    const wanted = rule.trim().toLowerCase();
    if (wanted.startsWith('.')) return lowerName.endsWith(wanted);
    if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

/** An attachment field of an entity the actor may fill: they create or change its records, and the field is not hidden or read-only for them. */
async function writableField(entity: string, fieldKey: string, actor: Actor) {
  const def = await getEntity(entity);
  const field = findField(def, fieldKey);
  if (!field || field.type !== 'attachment') throw badRequest(`"${fieldKey}" is not an attachment field of ${entity}`);
  if (!(actor.access.can(def.key, 'create') || actor.access.can(def.key, 'update')) || actor.access.fieldMask(def).readOnly.has(field.key)) {
    throw new AppError('forbidden', 'forbidden', 'error.forbidden');
  }
  return { def, field, settings: { ...DEFAULT_ATTACHMENT_SETTINGS, ...field.attachment } };
}

/**
 * Stores an upload (multipart: entity, field, then file) for an attachment field. The body is
 * read as it arrives and refused the moment it passes the field's size limit: a file larger
 * than allowed is never held in memory whole.
 */
export async function saveAttachment(req: Request, actor: Actor): Promise<AttachmentRef> {
  let target: Awaited<ReturnType<typeof writableField>> | null = null;
  let upload;
  try {
    upload = await readMultipartFile(req, HARD_LIMIT_MB * 1024 * 1024, async (fields) => {
      // Sent before the file (as the app's upload widget does): the field's own limit applies while streaming.
      if (!fields.entity || !fields.field) return HARD_LIMIT_MB * 1024 * 1024;
      target = await writableField(fields.entity, fields.field, actor);
      return Math.min(target.settings.maxSizeMB, HARD_LIMIT_MB) * 1024 * 1024;
    });
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    const mb = Math.min((target as Awaited<ReturnType<typeof writableField>> | null)?.settings.maxSizeMB ?? HARD_LIMIT_MB, HARD_LIMIT_MB);
    if (error.reason === 'tooLarge') throw new AppError('too_large', 'too_large', 'error.tooLarge', { mb });
    throw new AppError('invalid', 'bad_request', 'error.upload');
  }
  // The entity and field parts came after the file, or not at all: the field's limit is checked now.
  const checked = target ?? (await writableField(upload.fields.entity ?? '', upload.fields.field ?? '', actor));
  const maxMb = Math.min(checked.settings.maxSizeMB, HARD_LIMIT_MB);
  if (upload.data.length > maxMb * 1024 * 1024) throw new AppError('too_large', 'too_large', 'error.tooLarge', { mb: maxMb });
  const type = upload.type || 'application/octet-stream';
  const name = upload.fileName;
  if (!accepts(checked.settings.accept, name, type)) throw badRequest(`"${name}" is not an accepted file type (${checked.settings.accept.join(', ')})`);
  const doc: AttachmentDoc = {
    _id: new ObjectId(),
    entity: checked.def.key,
    field: checked.field.key,
    name: name.slice(0, 255),
    type,
    size: upload.data.length,
    data: new Binary(upload.data),
    uploadedBy: actor.id,
    uploadedAt: new Date(),
  };
  await (await collection('attachments')).insertOne(doc);
  return { id: doc._id.toHexString(), name: doc.name, size: doc.size, type: doc.type };
}

/**
 * A file for someone who may see it: its uploader (before the record is saved), or whoever
 * may read a record that holds it, in a field not hidden from them. Others get a 404.
 */
export async function readAttachment(id: string, actor: Actor): Promise<AttachmentDoc> {
  if (!ObjectId.isValid(id)) throw notFound();
  const attachments = await collection('attachments');
  const doc = await attachments.findOne({ _id: new ObjectId(id) });
  if (!doc) throw notFound();
  if (doc.uploadedBy === actor.id) return doc;
  const def = await getEntity(doc.entity).catch(() => null);
  if (!def || !actor.access.can(def.key, 'read') || actor.access.fieldMask(def).hidden.has(doc.field)) throw notFound();
  const records = await recordCollection(def.key);
  const holder = doc.recordId && ObjectId.isValid(doc.recordId) ? await records.findOne({ _id: new ObjectId(doc.recordId) }, { projection: { _ownerId: 1, _departmentId: 1, [doc.field]: 1 } }) : null;
  const holds = (record: Record<string, unknown> | null) => Array.isArray(record?.[doc.field]) && (record[doc.field] as AttachmentRef[]).some((ref) => ref?.id === id);
  if (holder && holds(holder)) {
    if (actor.access.allows(def.key, 'read', holder)) return doc;
    throw notFound();
  }
  // First download by someone else: find the record holding it, within what the actor may read.
  const found = await records.findOne(combine(actor.access.filter(def.key, 'read'), { [`${doc.field}.id`]: id }), { projection: { _id: 1 } });
  if (!found) throw notFound();
  await attachments.updateOne({ _id: doc._id }, { $set: { recordId: found._id.toHexString() } });
  return doc;
}
