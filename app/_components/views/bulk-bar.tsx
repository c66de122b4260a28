'use client';

import { useState } from 'react';
import { App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { UserPicker } from './pickers';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import { bulkEditableFields, fieldOf } from './field-columns';
import { useBulkAction } from './use-bulk-action';
import { ValueInput } from './value-input';

/** Actions on the selected rows of a list: set one field, or move them to the recycle bin. */
export function BulkBar({ def, ids, nameOf, onDone }: { def: EntityDefinition; ids: string[]; nameOf: (id: string) => string; onDone: () => void }) {
  const { t, text } = useI18n();
  const { modal } = App.useApp();
  const run = useBulkAction(def.key, nameOf);
  const [editing, setEditing] = useState(false);
  const [fieldKey, setFieldKey] = useState<string>();
  const [value, setValue] = useState<unknown>();
  const [transferring, setTransferring] = useState(false);
  const [owner, setOwner] = useState<string>();
  const field = fieldKey ? fieldOf(def, fieldKey) : undefined;

  function confirmEdit() {
    if (!field) return;
    modal.confirm({
      title: t('views.bulk.confirmEdit', { count: ids.length, field: text(field.label) }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      onOk: async () => {
        // An empty input means "clear this field", which a merge expresses as null.
        if (await run('update', ids, { [field.key]: value ?? null })) {
          setEditing(false);
          onDone();
        }
      },
    });
  }

  function confirmDelete() {
    modal.confirm({
      title: t('views.bulk.confirmDelete', { count: ids.length }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (await run('delete', ids)) onDone();
      },
    });
  }

  if (ids.length === 0) return null;
  return (
    <Space data-testid="bulk-bar">
      <Typography.Text>{t('views.bulk.selected', { count: ids.length })}</Typography.Text>
      <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="bulk-edit">
        {t('views.bulk.edit')}
      </Button>
      <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="bulk-transfer">
        {t('records.transfer')}
      </Button>
      <Button icon={<DeleteOutlined />} danger onClick={confirmDelete} data-testid="bulk-delete">
        {t('views.bulk.delete')}
      </Button>
      <Modal
        open={editing}
        title={t('views.bulk.edit')}
        onCancel={() => setEditing(false)}
        onOk={confirmEdit}
        okButtonProps={{ disabled: !field, ...({ 'data-testid': 'bulk-edit-confirm' } as object) }}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('views.filter.field')}>
            <Select
              data-testid="bulk-edit-field"
              value={fieldKey}
              showSearch={{ optionFilterProp: 'label' }}
              options={bulkEditableFields(def).map((candidate) => ({ value: candidate.key, label: text(candidate.label) }))}
              onChange={(key: string) => {
                setFieldKey(key);
                setValue(undefined);
              }}
            />
          </Form.Item>
          {field && (
            <Form.Item label={t('views.bulk.value')}>
              <ValueInput
                key={field.key}
                field={field}
                purpose="edit"
                multiple={field.type === 'multiselect' || Boolean(field.relation?.many)}
                value={value}
                onChange={setValue}
                testId="bulk-edit-value"
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={transferring}
        title={t('records.transfer')}
        onCancel={() => setTransferring(false)}
        okButtonProps={{ disabled: !owner, ...({ 'data-testid': 'bulk-transfer-confirm' } as object) }}
        onOk={async () => {
          if (owner && (await run('transfer', ids, undefined, owner))) {
            setTransferring(false);
            onDone();
          }
        }}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('records.transferTo')}>
            <UserPicker value={owner ? [owner] : []} onChange={(next) => setOwner(Array.isArray(next) ? (next[0] as string | undefined) : (next as string | undefined))} testId="bulk-transfer-owner" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
