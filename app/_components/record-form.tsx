'use client';

import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { ErrorSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020';
import { App, Button, Card, Space } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import { formSchemaFor } from '@/lib/entities/form-schema';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import { messageForAjvError, type FieldErrors } from '@/lib/validation/ajv-messages';
import { customFormats } from '@/lib/validation/formats';
import { useI18n } from './i18n-provider';
import { RecordFormRenderer } from './record-form-theme';

function toErrorSchema(fields: FieldErrors): ErrorSchema {
  return Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field, { __errors: messages }])) as ErrorSchema;
}

/**
 * Create and edit form of any entity, rendered from its schema. The browser validates with
 * the same schema and formats as the server; the server's field errors, if any, are shown
 * beside the fields too, and what was typed stays.
 */
export function RecordForm({ def, record }: { def: EntityDefinition; record?: RecordView }) {
  const { t, text, locale } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const [formData, setFormData] = useState<Record<string, unknown>>(record?.data ?? {});
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [busy, setBusy] = useState(false);

  const { schema, uiSchema } = useMemo(() => formSchemaFor(def, locale), [def, locale]);
  const validator = useMemo(
    () =>
      customizeValidator({ AjvClass: Ajv2020, customFormats }, (errors) => {
        for (const error of errors ?? []) error.message = messageForAjvError(error, t);
      }),
    [t],
  );

  async function save(data: Record<string, unknown>) {
    setBusy(true);
    try {
      const saved = record
        ? await api<RecordView>(`/api/records/${def.key}/${record.id}`, { method: 'PUT', body: data, headers: { 'if-match': String(record.version) } })
        : await api<RecordView>(`/api/records/${def.key}`, { method: 'POST', body: data });
      message.success(t('common.saved'));
      router.push(`/records/${def.key}/${saved.id}`);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.fields) {
        setExtraErrors(toErrorSchema(error.fields));
        message.error(t('record.fixErrors'));
      } else {
        message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t(record ? 'record.editTitle' : 'record.new', { entity: text(def.label) })}>
      <RecordFormRenderer
        schema={schema as never}
        uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        formData={formData}
        validator={validator}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        onChange={(event) => {
          setFormData(event.formData ?? {});
          setExtraErrors(undefined);
        }}
        onError={() => message.error(t('record.fixErrors'))}
        onSubmit={(event) => void save(event.formData ?? {})}
      >
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="record-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => router.back()}>{t('common.cancel')}</Button>
        </Space>
      </RecordFormRenderer>
    </Card>
  );
}
