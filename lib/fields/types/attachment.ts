import type { FieldType } from '@/lib/fields/field.types';
import { PRESENCE_OPERATORS, presenceFilter } from '@/lib/fields/filters';
import { isObject, wholeProblem } from '@/lib/fields/settings-checks';

export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  type: string;
}

export const DEFAULT_ATTACHMENT_SETTINGS = { maxSizeMB: 10, accept: [] as string[], maxFiles: 10 };

/** Files uploaded to /api/attachments (kept in the database); the record holds references. */
export const attachmentType: FieldType = {
  key: 'attachment',
  holdsSeveral: () => true,
  label: { 'zh-CN': '附件', en: 'Attachment' },
  settings: ['attachment'],
  schema: (field) => ({
    type: 'array',
    maxItems: field.attachment?.maxFiles ?? DEFAULT_ATTACHMENT_SETTINGS.maxFiles,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'size', 'type'],
      properties: {
        id: { type: 'string', format: 'record-id' },
        name: { type: 'string', maxLength: 255 },
        size: { type: 'integer', minimum: 0 },
        type: { type: 'string', maxLength: 255 },
      },
    },
  }),
  ui: (field) => ({ 'ui:field': 'attachment', 'ui:options': { ...DEFAULT_ATTACHMENT_SETTINGS, ...field.attachment } }),
  normalise: (value) => (Array.isArray(value) && value.length === 0 ? undefined : value),
  operators: PRESENCE_OPERATORS,
  filter: (field, op) => presenceFilter(field, op),
  sortable: false,
  aggregations: ['count'],
  toText: (value) => (Array.isArray(value) ? (value as AttachmentRef[]).map((file) => file.name).join(', ') : ''),
  fromText: () => ({ ok: false, error: 'attachments cannot be imported from text' }),
  formulaKind: () => 'none',
  settingsProblems: (field, where) => {
    const settings = field.attachment as unknown;
    if (settings === undefined) return [];
    if (!isObject(settings)) return [`${where}: attachment settings must be an object`];
    return [
      ...wholeProblem(where, 'maxSizeMB', settings.maxSizeMB, 1, 1024),
      ...wholeProblem(where, 'maxFiles', settings.maxFiles, 1, 100),
      ...(settings.accept !== undefined && (!Array.isArray(settings.accept) || settings.accept.some((item) => typeof item !== 'string')) ? [`${where}: accept must be a list of types`] : []),
    ];
  },
};
