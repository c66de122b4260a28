import { Binary, ObjectId } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { badRequest, notFound } from '@/lib/errors/app-error';
import { getEntity } from '@/lib/entities/entity.service';
import { findField } from '@/lib/entities/entity.schema';
import { DEFAULT_ATTACHMENT_SETTINGS, type AttachmentRef } from '@/lib/fields/types/attachment';
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

/** Stores an upload for an attachment field, within the field's size and type limits. */
export async function saveAttachment(entity: string, fieldKey: string, file: File, actor: Actor): Promise<AttachmentRef> {
  const def = await getEntity(entity);
  const field = findField(def, fieldKey);
  if (!field || field.type !== 'attachment') throw badRequest(`"${fieldKey}" is not an attachment field of ${entity}`);
  const settings = { ...DEFAULT_ATTACHMENT_SETTINGS, ...field.attachment };
  const maxBytes = Math.min(settings.maxSizeMB, HARD_LIMIT_MB) * 1024 * 1024;
  if (file.size > maxBytes) throw badRequest(`"${file.name}" is larger than ${Math.min(settings.maxSizeMB, HARD_LIMIT_MB)} MB`);
  const type = file.type || 'application/octet-stream';
  if (!accepts(settings.accept, file.name, type)) throw badRequest(`"${file.name}" is not an accepted file type (${settings.accept.join(', ')})`);
  const doc: AttachmentDoc = {
    _id: new ObjectId(),
    entity,
    field: fieldKey,
    name: file.name.slice(0, 255),
    type,
    size: file.size,
    data: new Binary(Buffer.from(await file.arrayBuffer())),
    uploadedBy: actor.id,
    uploadedAt: new Date(),
  };
  await (await collection('attachments')).insertOne(doc);
  return { id: doc._id.toHexString(), name: doc.name, size: doc.size, type: doc.type };
}

export async function readAttachment(id: string): Promise<AttachmentDoc> {
  if (!ObjectId.isValid(id)) throw notFound();
  const doc = await (await collection('attachments')).findOne({ _id: new ObjectId(id) });
  if (!doc) throw notFound();
  return doc;
}
