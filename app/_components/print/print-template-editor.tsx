'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import useSWR from 'swr';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Select, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { api, ApiError } from '@/lib/client/api-client';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { isDated, numericFormatOf } from '@/lib/fields/registry';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { PrintDocument, PrintTemplateDefinition } from '@/lib/print/print.types';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { useEntity } from '../use-entity';
import { PrintDocumentView } from './print-document';

const KEY_PATTERN = /^[a-z][a-z0-9_-]{0,47}$/;

function blankTemplate(key: string, entityLabel: LocalizedText): PrintTemplateDefinition {
  return { key, label: { ...entityLabel }, title: { ...entityLabel }, fields: [] };
}

/** Both languages of one text, side by side. */
function BilingualInput({ value, onChange, testId }: { value: LocalizedText | undefined; onChange(next: LocalizedText | undefined): void; testId: string }) {
  const { t } = useI18n();
  const set = (locale: 'zh-CN' | 'en', text: string) => {
    const next = { 'zh-CN': value?.['zh-CN'] ?? '', en: value?.en ?? '', [locale]: text };
    onChange(next['zh-CN'] || next.en ? next : undefined);
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input addonBefore={t('print.editor.zh')} value={value?.['zh-CN'] ?? ''} onChange={(event) => set('zh-CN', event.target.value)} data-testid={`${testId}-zh`} />
      <Input addonBefore={t('print.editor.en')} value={value?.en ?? ''} onChange={(event) => set('en', event.target.value)} data-testid={`${testId}-en`} />
    </Space.Compact>
  );
}

/**
 * The print layout editor of an entity (designers): the layouts it has, one edited at a time
 * with a live preview on a record, saved as the entity's next published version.
 */
export function PrintTemplateEditor({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data: def, error: defError, mutate: mutateDef } = useEntity(entityKey);
  const { data: records } = useSWR<{ items: RecordView[] }>(`/api/records/${encodeURIComponent(entityKey)}?pageSize=20`);
  const [selected, setSelected] = useState<string | null>(null);
  const [template, setTemplate] = useState<PrintTemplateDefinition | null>(null);
  const [newKey, setNewKey] = useState('');
  const [recordId, setRecordId] = useState<string | null>(null);
  const [preview, setPreview] = useState<PrintDocument | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const templates = useMemo(() => def?.printTemplates ?? [], [def]);
  // The first layout is opened when the page loads; a saved one stays open.
  useEffect(() => {
    if (!template && templates.length > 0) {
      setSelected(templates[0].key);
      setTemplate(structuredClone(templates[0]));
    }
  }, [templates, template]);
  useEffect(() => {
    if (!recordId && records?.items.length) setRecordId(records.items[0].id);
  }, [records, recordId]);

  // The preview follows each change, once typing pauses.
  useEffect(() => {
    if (!template || !recordId) return;
    const timer = setTimeout(() => {
      api<PrintDocument>(`/api/entities/${encodeURIComponent(entityKey)}/print-preview`, { method: 'POST', body: { template, recordId } })
        .then((doc) => {
          setPreview(doc);
          setProblems([]);
        })
        .catch((failure) => setProblems(failure instanceof ApiError && failure.problems?.length ? failure.problems : [(failure as Error).message]));
    }, 350);
    return () => clearTimeout(timer);
  }, [template, recordId, entityKey]);

  if (defError) return <Alert type="error" showIcon title={(defError as Error).message} />;
  if (!def) return <Card loading />;

  const fields = def.fields;
  const single = fields.filter((field) => field.type !== 'subtable');
  const subtables = fields.filter((field) => field.type === 'subtable');
  const numeric = fields.filter((field) => numericFormatOf(field));
  const option = (field: FieldDefinition) => ({ value: field.key, label: `${text(field.label)} (${field.key})` });
  const tableField = template?.table ? subtables.find((field) => field.key === template.table!.field) : undefined;
  const change = (patch: Partial<PrintTemplateDefinition>) => setTemplate((current) => (current ? ({ ...current, ...patch } as PrintTemplateDefinition) : current));
  const withoutEmpty = (value: PrintTemplateDefinition): PrintTemplateDefinition =>
    Object.fromEntries(Object.entries(value).filter(([, part]) => part !== undefined)) as unknown as PrintTemplateDefinition;

  async function save() {
    if (!template) return;
    setBusy(true);
    try {
      const saved = await api<{ version: number }>(`/api/entities/${encodeURIComponent(entityKey)}/print-templates/${encodeURIComponent(template.key)}`, { method: 'PUT', body: withoutEmpty(template) });
      message.success(t('print.editor.saved', { version: saved.version }));
      setProblems([]);
      await mutateDef();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems?.length) setProblems(failure.problems);
      message.error((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!template) return;
    try {
      await api(`/api/entities/${encodeURIComponent(entityKey)}/print-templates/${encodeURIComponent(template.key)}`, { method: 'DELETE' });
      message.success(t('print.editor.deleted'));
      setTemplate(null);
      setSelected(null);
      setPreview(null);
      await mutateDef();
    } catch (failure) {
      message.error((failure as Error).message);
    }
  }

  function open(key: string) {
    const found = templates.find((candidate) => candidate.key === key);
    if (!found) return;
    setSelected(key);
    setTemplate(structuredClone(found));
  }

  function create() {
    if (!KEY_PATTERN.test(newKey) || templates.some((candidate) => candidate.key === newKey)) return;
    setSelected(newKey);
    setTemplate(blankTemplate(newKey, def!.label));
    setNewKey('');
  }

  return (
    <Card
      title={
        <Space>
          <Link prefetch={false} href={`/admin/entities/${encodeURIComponent(entityKey)}`}>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
          </Link>
          {t('print.editor.title', { entity: text(def.label) })}
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            data-testid="print-editor-template"
            value={selected ?? undefined}
            placeholder={t('print.editor.template')}
            style={{ minWidth: 180 }}
            options={[...templates.map((candidate) => ({ value: candidate.key, label: text(candidate.label) })), ...(selected && !templates.some((candidate) => candidate.key === selected) ? [{ value: selected, label: selected }] : [])]}
            onChange={open}
          />
          <Space.Compact>
            <Input value={newKey} onChange={(event) => setNewKey(event.target.value.trim())} placeholder={t('print.editor.newKey')} status={newKey && !KEY_PATTERN.test(newKey) ? 'error' : undefined} data-testid="print-editor-new-key" style={{ width: 240 }} />
            <Button icon={<PlusOutlined />} onClick={create} disabled={!KEY_PATTERN.test(newKey)} data-testid="print-editor-new">
              {t('print.editor.new')}
            </Button>
          </Space.Compact>
        </Space>
      }
    >
      {!template ? (
        <Empty description={t('print.noTemplates')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Form layout="vertical" size="small">
              <Form.Item label={t('print.editor.key')}>
                <Typography.Text code data-testid="print-editor-key">
                  {template.key}
                </Typography.Text>
              </Form.Item>
              <Form.Item label={t('print.editor.label')}>
                <BilingualInput value={template.label} onChange={(label) => change({ label: label ?? { 'zh-CN': '', en: '' } })} testId="print-editor-label" />
              </Form.Item>
              <Form.Item label={t('print.editor.title.field')}>
                <BilingualInput value={template.title} onChange={(title) => change({ title: title ?? { 'zh-CN': '', en: '' } })} testId="print-editor-title" />
              </Form.Item>
              <Form.Item label={t('print.editor.company')}>
                <BilingualInput value={template.company} onChange={(company) => change({ company })} testId="print-editor-company" />
              </Form.Item>
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item label={t('print.editor.numberField')}>
                    <Select allowClear value={template.numberField} options={single.map(option)} onChange={(numberField?: string) => change({ numberField })} data-testid="print-editor-number" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('print.editor.dateField')}>
                    <Select allowClear value={template.dateField} options={single.filter(isDated).map(option)} onChange={(dateField?: string) => change({ dateField })} data-testid="print-editor-date" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('print.editor.fields')}>
                <Select mode="multiple" value={template.fields} options={single.map(option)} onChange={(next: string[]) => change({ fields: next })} data-testid="print-editor-fields" showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
              <Row gutter={8}>
                <Col span={10}>
                  <Form.Item label={t('print.editor.table')}>
                    <Select
                      allowClear
                      value={template.table?.field}
                      options={subtables.map(option)}
                      onChange={(field?: string) => change({ table: field ? { field, columns: (subtables.find((candidate) => candidate.key === field)?.fields ?? []).map((column) => column.key) } : undefined })}
                      data-testid="print-editor-table"
                    />
                  </Form.Item>
                </Col>
                <Col span={14}>
                  <Form.Item label={t('print.editor.columns')}>
                    <Select
                      mode="multiple"
                      disabled={!tableField}
                      value={template.table?.columns ?? []}
                      options={(tableField?.fields ?? []).map(option)}
                      onChange={(columns: string[]) => template.table && change({ table: { ...template.table, columns } })}
                      data-testid="print-editor-columns"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('print.editor.totals')}>
                <Select mode="multiple" value={template.totals ?? []} options={numeric.map(option)} onChange={(totals: string[]) => change({ totals: totals.length > 0 ? totals : undefined })} data-testid="print-editor-totals" />
              </Form.Item>
              <Form.Item label={t('print.editor.signatures')}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {(template.signatures ?? []).map((caption, index) => (
                    <Space.Compact key={index} style={{ width: '100%' }}>
                      <BilingualInput
                        value={caption}
                        onChange={(next) => change({ signatures: (template.signatures ?? []).map((item, at) => (at === index ? (next ?? { 'zh-CN': '', en: '' }) : item)) })}
                        testId={`print-editor-signature-${index}`}
                      />
                      <Button icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => change({ signatures: (template.signatures ?? []).filter((_, at) => at !== index) })} />
                    </Space.Compact>
                  ))}
                  <Button icon={<PlusOutlined />} disabled={(template.signatures ?? []).length >= 4} onClick={() => change({ signatures: [...(template.signatures ?? []), { 'zh-CN': '', en: '' }] })} data-testid="print-editor-add-signature">
                    {t('print.editor.addSignature')}
                  </Button>
                </Space>
              </Form.Item>
              <Form.Item label={t('print.editor.footer')}>
                <BilingualInput value={template.footer} onChange={(footer) => change({ footer })} testId="print-editor-footer" />
              </Form.Item>
              {problems.length > 0 && (
                <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="print-editor-problems" title={problems.map((problem) => <div key={problem}>{problem}</div>)} />
              )}
              <Space>
                <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()} data-testid="print-editor-save">
                  {t('print.editor.save')}
                </Button>
                {templates.some((candidate) => candidate.key === template.key) && (
                  <Popconfirm title={t('print.editor.delete')} onConfirm={() => void remove()} okText={t('common.yes')} cancelText={t('common.no')}>
                    <Button danger icon={<DeleteOutlined />} data-testid="print-editor-delete">
                      {t('print.editor.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            </Form>
          </Col>
          <Col xs={24} xl={14}>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('print.editor.preview')}</Typography.Text>
              <Select
                style={{ minWidth: 240 }}
                value={recordId ?? undefined}
                placeholder={t('print.editor.previewRecord')}
                options={(records?.items ?? []).map((record) => ({ value: record.id, label: record.display || record.id }))}
                onChange={setRecordId}
                data-testid="print-editor-record"
              />
            </Space>
            {!records?.items.length ? (
              <Empty description={t('print.editor.noRecords')} />
            ) : (
              <div className="print-screen" style={{ minHeight: 0 }} data-testid="print-editor-preview">
                {preview && <PrintDocumentView doc={preview} />}
              </div>
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
