'use client';

import { useEffect, useState } from 'react';
import { Button, Checkbox, Modal, Radio, Space, Tooltip, Typography } from 'antd';
import { FileExcelOutlined, FileTextOutlined, SettingOutlined } from '@ant-design/icons';
import type { EntityForMe } from '../use-entity';
import { useI18n } from '../i18n-provider';
import { apiParams, type ListQuery } from '../views/use-list-query';

type Format = 'csv' | 'xlsx';
type Choice = 'view' | 'all' | 'custom';

/** Columns every record has besides its fields (the export API's system columns). */
const SYSTEM_COLUMNS = [
  { key: 'ownerId', label: 'record.owner' },
  { key: 'createdAt', label: 'record.createdAt' },
  { key: 'updatedAt', label: 'record.updatedAt' },
] as const;

/** The fields chosen for an entity's exports, remembered in this browser. */
const savedKey = (entityKey: string) => `salesflow.export.${entityKey}`;

function readSaved(entityKey: string): string[] | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(savedKey(entityKey)) ?? 'null');
    return Array.isArray(value) && value.every((key) => typeof key === 'string') && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

/** The export API's URL for what a list shows (its filter, keyword and sort, every page) with the given columns. */
export function exportUrl(entityKey: string, query: ListQuery, format: Format, columns: string[] = query.columns): string {
  const params = apiParams(query, { format });
  params.delete('page');
  params.delete('pageSize');
  if (columns.length > 0) params.set('columns', columns.join(','));
  return `/api/records/${encodeURIComponent(entityKey)}/export?${params}`;
}

/**
 * "Export CSV / Export Excel" (the remembered field selection, else the view's columns) and a
 * dialog that chooses the fields: the view's columns, every field the user may read, or a
 * selection of them, which can be remembered for the entity. Plain links, so the browser
 * streams the file to disk.
 */
export function ExportButtons({ def, query }: { def: EntityForMe; query: ListQuery }) {
  const { t, text } = useI18n();
  const [saved, setSaved] = useState<string[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => setSaved(readSaved(def.key)), [def.key]);

  // The entity as the API gave it holds only the fields the user may read; `hidden` ones are for no one.
  const readable = [
    ...def.fields.filter((field) => !field.hidden).map((field) => ({ key: field.key, label: text(field.label) || field.key })),
    ...SYSTEM_COLUMNS.map((column) => ({ key: column.key, label: t(column.label) })),
  ];
  const known = (keys: string[]) => keys.filter((key) => readable.some((field) => field.key === key));
  const quickColumns = saved ? known(saved) : query.columns;

  return (
    <>
      <Tooltip title={t(saved ? 'listExport.hintSaved' : 'listExport.hint')}>
        <Space.Compact>
          <Button href={exportUrl(def.key, query, 'csv', quickColumns)} icon={<FileTextOutlined />} data-testid="export-csv">
            {t('listExport.csv')}
          </Button>
          <Button href={exportUrl(def.key, query, 'xlsx', quickColumns)} icon={<FileExcelOutlined />} data-testid="export-xlsx">
            {t('listExport.xlsx')}
          </Button>
          <Button icon={<SettingOutlined />} aria-label={t('listExport.choose')} onClick={() => setOpen(true)} data-testid="export-choose" />
        </Space.Compact>
      </Tooltip>
      {open && (
        <ExportDialog
          entityKey={def.key}
          query={query}
          readable={readable}
          initial={saved ? known(saved) : null}
          onClose={() => setOpen(false)}
          onRemember={(columns) => {
            if (columns) localStorage.setItem(savedKey(def.key), JSON.stringify(columns));
            else localStorage.removeItem(savedKey(def.key));
            setSaved(columns);
          }}
        />
      )}
    </>
  );
}

function ExportDialog({
  entityKey,
  query,
  readable,
  initial,
  onClose,
  onRemember,
}: {
  entityKey: string;
  query: ListQuery;
  readable: { key: string; label: string }[];
  initial: string[] | null;
  onClose: () => void;
  onRemember: (columns: string[] | null) => void;
}) {
  const { t } = useI18n();
  const viewColumns = query.columns.filter((key) => readable.some((field) => field.key === key));
  const [choice, setChoice] = useState<Choice>(initial ? 'custom' : 'view');
  const [custom, setCustom] = useState<string[]>(initial ?? viewColumns);
  const [format, setFormat] = useState<Format>('csv');
  const [remember, setRemember] = useState(Boolean(initial));
  const all = readable.map((field) => field.key);
  // Chosen fields keep the order of the entity's form, whatever order they were ticked in.
  const columns = choice === 'all' ? all : choice === 'view' ? viewColumns : all.filter((key) => custom.includes(key));
  const url = exportUrl(entityKey, query, format, columns);

  return (
    <Modal
      open
      title={t('listExport.dialogTitle')}
      onCancel={onClose}
      destroyOnHidden
      data-testid="export-dialog"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="download"
          type="primary"
          href={columns.length > 0 ? url : undefined}
          disabled={columns.length === 0}
          data-testid="export-download"
          onClick={() => {
            onRemember(remember && choice === 'custom' ? columns : null);
            onClose();
          }}
        >
          {t('listExport.download')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Radio.Group
          value={format}
          optionType="button"
          onChange={(event) => setFormat(event.target.value)}
          data-testid="export-format"
          options={[
            { value: 'csv', label: 'CSV' },
            { value: 'xlsx', label: 'Excel' },
          ]}
        />
        <Radio.Group
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          data-testid="export-choice"
          options={[
            { value: 'view', label: t('listExport.viewColumns', { count: viewColumns.length }) },
            { value: 'all', label: t('listExport.allFields', { count: all.length }) },
            { value: 'custom', label: t('listExport.customFields') },
          ]}
        />
        {choice === 'custom' && (
          <>
            <Space>
              <Button size="small" onClick={() => setCustom(all)}>
                {t('listExport.selectAll')}
              </Button>
              <Button size="small" onClick={() => setCustom([])}>
                {t('listExport.selectNone')}
              </Button>
            </Space>
            <Checkbox.Group value={custom} onChange={(next) => setCustom(next as string[])} data-testid="export-fields" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              {readable.map((field) => (
                <Checkbox key={field.key} value={field.key} data-testid={`export-field-${field.key}`}>
                  {field.label}
                </Checkbox>
              ))}
            </Checkbox.Group>
            <Checkbox checked={remember} onChange={(event) => setRemember(event.target.checked)} data-testid="export-remember">
              {t('listExport.remember')}
            </Checkbox>
          </>
        )}
        {columns.length === 0 && <Typography.Text type="danger">{t('listExport.noColumns')}</Typography.Text>}
      </Space>
    </Modal>
  );
}
