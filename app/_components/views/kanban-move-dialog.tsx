'use client';

import { useMemo, useState } from 'react';
import type { ErrorSchema } from '@rjsf/utils';
import { App, Button, Modal, Space, Typography } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { RecordFormFields } from '../record-form';
import { errorSchemaFromFields } from '../widgets/form-errors';
import { dialogDefinition } from './kanban-moves';

/** A card dropped on a lane that needs more fields: the record (as stored), its lane field, the lane, and exactly the fields missing. */
export interface PendingMove {
  record: RecordView;
  field: string;
  to: string | null;
  laneLabel: string;
  missing: FieldDefinition[];
}

/**
 * Asks for the fields a move needs, with the record form's own widgets and checks, and saves
 * the lane and those fields in one write (PATCH with if-match). Cancelling writes nothing, so
 * the card stays where it was.
 */
export function KanbanMoveDialog({ def, move, onDone, onCancel }: { def: EntityDefinition; move: PendingMove; onDone: () => void; onCancel: () => void }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [busy, setBusy] = useState(false);
  const fieldsDef = useMemo(() => dialogDefinition(def, move.missing), [def, move.missing]);

  async function save(data: Record<string, unknown>) {
    setBusy(true);
    try {
      await api(`/api/records/${def.key}/${move.record.id}`, {
        method: 'PATCH',
        body: { ...data, [move.field]: move.to },
        headers: { 'if-match': String(move.record.version) },
      });
      message.success(t('common.saved'));
      onDone();
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields) setExtraErrors(errorSchemaFromFields(failure.fields));
      message.error((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('views.kanban.moveTitle', { record: move.record.display || move.record.id, lane: move.laneLabel })} footer={null} onCancel={onCancel} destroyOnHidden>
      <div data-testid="kanban-move-dialog">
        <Typography.Paragraph type="secondary">
          {t('views.kanban.moveNeeds', { fields: move.missing.map((field) => text(field.label) || field.key).join(t('views.kanban.fieldsSeparator')) })}
        </Typography.Paragraph>
        <RecordFormFields def={fieldsDef} formData={values} extraErrors={extraErrors} onChange={setValues} onSubmit={(data) => void save(data)}>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="kanban-move-save">
              {t('common.save')}
            </Button>
            <Button onClick={onCancel} data-testid="kanban-move-cancel">
              {t('common.cancel')}
            </Button>
          </Space>
        </RecordFormFields>
      </div>
    </Modal>
  );
}
