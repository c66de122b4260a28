'use client';

import { useRef, useState } from 'react';
import { App, Button, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { getUiOptions, type FieldProps } from '@rjsf/utils';
import type { AttachmentRef } from '@/lib/fields/types/attachment';
import { useI18n } from '../i18n-provider';
import { attachmentLimits, attachmentProblem } from './attachment-rules';
import { recordFormContext } from './form-context';
import { nestedMessages } from './form-errors';

function asRefs(value: unknown): AttachmentRef[] {
  return Array.isArray(value) ? value.filter((item): item is AttachmentRef => typeof item === 'object' && item !== null && 'id' in item) : [];
}

function uploadedFile(ref: AttachmentRef): UploadFile {
  return { uid: ref.id, name: ref.name, size: ref.size, type: ref.type, status: 'done', url: `/api/attachments/${ref.id}` };
}

/**
 * ui:field "attachment": files posted to /api/attachments (multipart file, entity, field)
 * one by one; the value lists the stored files [{id, name, size, type}]. The field's limits
 * (ui:options maxFiles, maxSizeMB, accept) are checked here too, before anything is sent.
 */
export function AttachmentField({ name, fieldPathId, formData, uiSchema, registry, disabled, readonly, errorSchema, onChange }: FieldProps<AttachmentRef[]>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const limits = attachmentLimits(getUiOptions(uiSchema));
  const { entity } = recordFormContext(registry);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  // Uploads finish one after another faster than the form re-renders: each adds to the latest list.
  const current = useRef<AttachmentRef[]>([]);
  current.current = asRefs(formData);
  const started = useRef(0);
  const locked = disabled || readonly;
  const problems = nestedMessages(errorSchema);

  const commit = (refs: AttachmentRef[]) => {
    current.current = refs;
    onChange(refs.length > 0 ? refs : undefined, fieldPathId.path);
  };

  return (
    <div id={fieldPathId.$id}>
      <Upload
        action="/api/attachments"
        name="file"
        data={{ entity, field: name }}
        accept={limits.accept.join(',') || undefined}
        multiple={limits.maxFiles > 1}
        disabled={locked}
        fileList={[...current.current.map(uploadedFile), ...uploading]}
        showUploadList={{ showRemoveIcon: !locked }}
        beforeUpload={(file) => {
          const problem = attachmentProblem(file, limits, current.current.length + started.current);
          if (problem) {
            message.error(t(problem.key, problem.params));
            return Upload.LIST_IGNORE;
          }
          started.current += 1;
          return true;
        }}
        onChange={({ file }) => {
          if (file.status === 'uploading') {
            setUploading((list) => [...list.filter((item) => item.uid !== file.uid), file]);
            return;
          }
          if (file.status !== 'done' && file.status !== 'error') return;
          started.current = Math.max(0, started.current - 1);
          setUploading((list) => list.filter((item) => item.uid !== file.uid));
          const response = file.response as (AttachmentRef & { error?: { message?: string } }) | undefined;
          if (file.status === 'done' && response?.id) {
            commit([...current.current, { id: response.id, name: response.name, size: response.size, type: response.type }]);
          } else {
            message.error(t('form.uploadFailed', { name: file.name, message: response?.error?.message ?? file.error?.message ?? '' }));
          }
        }}
        onRemove={(file) => {
          if (file.status === 'uploading') return false;
          commit(current.current.filter((ref) => ref.id !== file.uid));
          return true;
        }}
      >
        {!locked && (
          <Button icon={<UploadOutlined />} disabled={current.current.length + uploading.length >= limits.maxFiles}>
            {t('form.upload')}
          </Button>
        )}
      </Upload>
      {!locked && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {t('form.uploadLimits', { count: limits.maxFiles, size: limits.maxSizeMB })}
          {limits.accept.length > 0 ? ` · ${t('form.uploadAccept', { accept: limits.accept.join(', ') })}` : ''}
        </Typography.Text>
      )}
      {problems.length > 0 && <Typography.Text type="danger">{problems.join(' ')}</Typography.Text>}
    </div>
  );
}
