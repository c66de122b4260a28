'use client';

import { Suspense, useMemo, useState } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Popover, QRCode, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { fieldType } from '@/lib/fields/registry';
import type { PublicFormView } from '@/lib/public-forms/public-form.service';
import { useI18n } from '../../../_components/i18n-provider';

interface FormValues {
  key?: string;
  titleZh: string;
  titleEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  thankYouZh: string;
  thankYouEn: string;
  fields: string[];
  opensAt?: Dayjs | null;
  closesAt?: Dayjs | null;
  submissionLimit?: number | null;
  enabled: boolean;
}

/** The definition the API takes, from the editor's values (both languages of every text). */
function definitionFrom(values: FormValues, entity: string): Record<string, unknown> {
  const description = values.descriptionZh || values.descriptionEn ? { 'zh-CN': values.descriptionZh ?? '', en: values.descriptionEn ?? '' } : undefined;
  return {
    ...(values.key ? { key: values.key } : {}),
    entity,
    fields: values.fields,
    title: { 'zh-CN': values.titleZh, en: values.titleEn },
    ...(description ? { description } : {}),
    thankYou: { 'zh-CN': values.thankYouZh, en: values.thankYouEn },
    ...(values.opensAt ? { opensAt: values.opensAt.toISOString() } : {}),
    ...(values.closesAt ? { closesAt: values.closesAt.toISOString() } : {}),
    ...(values.submissionLimit ? { submissionLimit: values.submissionLimit } : {}),
    enabled: values.enabled,
  };
}

function valuesFrom(form: PublicFormView): FormValues {
  return {
    key: form.key,
    titleZh: form.title['zh-CN'],
    titleEn: form.title.en,
    descriptionZh: form.description?.['zh-CN'],
    descriptionEn: form.description?.en,
    thankYouZh: form.thankYou['zh-CN'],
    thankYouEn: form.thankYou.en,
    fields: form.fields,
    opensAt: form.opensAt ? dayjs(form.opensAt) : null,
    closesAt: form.closesAt ? dayjs(form.closesAt) : null,
    submissionLimit: form.submissionLimit ?? null,
    enabled: form.enabled,
  };
}

/** What the definition editor sends back unchanged on a switch or a save: the stored definition. */
function storedDefinition(form: PublicFormView): Record<string, unknown> {
  const { slug: _slug, path: _path, submissions: _count, updatedAt: _at, updatedBy: _by, version: _version, template: _template, problems: _problems, ...definition } = form;
  return definition;
}

/** The form's fields: picked from those a visitor may fill, then put in order. */
function FieldChooser({ value = [], onChange, options }: { value?: string[]; onChange?: (next: string[]) => void; options: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const labelOf = new Map(options.map((option) => [option.value, option.label]));
  const move = (index: number, by: number) => {
    const next = [...value];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange?.(next);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select mode="multiple" value={value} onChange={onChange} options={options} data-testid="public-form-fields" />
      {value.map((key, index) => (
        <Space key={key}>
          <Typography.Text>
            {index + 1}. {labelOf.get(key) ?? key}
          </Typography.Text>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('publicForms.moveUp')} disabled={index === 0} onClick={() => move(index, -1)} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('publicForms.moveDown')} disabled={index === value.length - 1} onClick={() => move(index, 1)} />
        </Space>
      ))}
    </Space>
  );
}

/**
 * Public forms of one entity (外链公开表单): publish a form as a link anyone can fill, choose
 * its fields and their order, its texts in both languages, when it takes submissions and how
 * many; copy the link or show it as a QR code, switch it off, or give it a new link (the old
 * one stops working).
 */
function PublicFormsPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const params = useSearchParams();
  const { data: entities } = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const entityKey = params.get('entity') ?? (entities?.items.some((entity) => entity.key === 'lead') ? 'lead' : entities?.items[0]?.key) ?? null;
  const entity = entities?.items.find((candidate) => candidate.key === entityKey) ?? null;
  const { data, mutate } = useSWR<{ items: PublicFormView[] }>(entityKey ? `/api/public-forms?entity=${encodeURIComponent(entityKey)}` : null);
  const [editing, setEditing] = useState<PublicFormView | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  // Only fields a visitor may fill (the server checks the same: lib/public-forms/public-form.checks.ts).
  const offered = useMemo(
    () => (entity?.fields ?? []).filter((field) => fieldType(field.type).publicForm && !fieldType(field.type).computed && !field.readOnly && !field.hidden && !field.visibleTo),
    [entity],
  );

  function open(target: PublicFormView | 'new') {
    setEditing(target);
    form.resetFields();
    form.setFieldsValue(
      target === 'new'
        ? { enabled: true, fields: offered.filter((field) => field.required).map((field) => field.key), titleZh: '', titleEn: '', thankYouZh: '感谢您的提交！', thankYouEn: 'Thank you!' }
        : valuesFrom(target),
    );
  }

  async function save(values: FormValues) {
    if (!entityKey || !editing) return;
    setBusy(true);
    try {
      if (editing === 'new') await api('/api/public-forms', { method: 'POST', body: definitionFrom(values, entityKey) });
      else await api(`/api/public-forms/${editing.key}`, { method: 'PUT', body: definitionFrom({ ...values, key: undefined }, entityKey) });
      message.success(t('common.saved'));
      setEditing(null);
      await mutate();
    } catch (error) {
      message.error((error as Error).message, 8);
    } finally {
      setBusy(false);
    }
  }

  async function setEnabled(target: PublicFormView, enabled: boolean) {
    try {
      await api(`/api/public-forms/${target.key}`, { method: 'PUT', body: { ...storedDefinition(target), enabled } });
      await mutate();
    } catch (error) {
      message.error((error as Error).message, 8);
    }
  }

  async function newLink(target: PublicFormView) {
    try {
      await api(`/api/public-forms/${target.key}/link`, { method: 'POST' });
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  return (
    <Card
      title={t('publicForms.title')}
      extra={
        <Space wrap>
          <Select
            aria-label={t('publicForms.entity')}
            data-testid="public-forms-entity"
            style={{ minWidth: 180 }}
            value={entityKey ?? undefined}
            options={(entities?.items ?? []).map((candidate) => ({ value: candidate.key, label: text(candidate.label) }))}
            onChange={(key) => router.replace(`/admin/public-forms?entity=${encodeURIComponent(key)}`)}
          />
          <Button type="primary" icon={<PlusOutlined />} disabled={!entity} onClick={() => open('new')} data-testid="public-form-new">
            {t('publicForms.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('publicForms.intro')}</Typography.Paragraph>
      <Table<PublicFormView>
        rowKey="key"
        dataSource={data?.items ?? []}
        loading={Boolean(entityKey) && !data}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('publicForms.none') }}
        columns={[
          {
            title: t('publicForms.formTitle'),
            render: (_: unknown, item) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{text(item.title)}</Typography.Text>
                <Typography.Text type="secondary">
                  {item.key} · {t('publicForms.version', { version: item.version })}
                </Typography.Text>
                {item.problems.length > 0 && (
                  <Tooltip title={item.problems.join('; ')}>
                    <Tag color="error">{t('publicForms.broken')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('publicForms.status'),
            render: (_: unknown, item) => (
              <Switch
                checked={item.enabled}
                checkedChildren={t('publicForms.enable')}
                unCheckedChildren={t('publicForms.disable')}
                onChange={(checked) => void setEnabled(item, checked)}
                data-testid={`public-form-enabled-${item.key}`}
              />
            ),
          },
          {
            title: t('publicForms.submissions'),
            render: (_: unknown, item) => <span data-testid={`public-form-count-${item.key}`}>{item.submissionLimit ? `${item.submissions} / ${item.submissionLimit}` : item.submissions}</span>,
          },
          {
            title: t('publicForms.link'),
            render: (_: unknown, item) => (
              <Space wrap>
                <Typography.Text copyable={{ text: `${origin}${item.path}`, tooltips: [t('publicForms.copyLink'), t('publicForms.linkCopied')] }} code data-testid={`public-form-link-${item.key}`}>
                  {item.path}
                </Typography.Text>
                <Popover content={<QRCode value={`${origin}${item.path}`} />}>
                  <Button size="small" icon={<QrcodeOutlined />} aria-label="QR" />
                </Popover>
                <Button size="small" href={item.path} target="_blank">
                  {t('publicForms.open')}
                </Button>
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, item) => (
              <Space>
                <Button size="small" onClick={() => open(item)} data-testid={`public-form-edit-${item.key}`}>
                  {t('publicForms.edit')}
                </Button>
                <Popconfirm title={t('publicForms.newLinkConfirm')} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => void newLink(item)}>
                  <Button size="small" danger>
                    {t('publicForms.newLink')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('publicForms.new') : t('publicForms.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        width={720}
        destroyOnHidden
      >
        <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void save(values)}>
          {editing === 'new' && (
            <Form.Item name="key" label={t('publicForms.key')} rules={[{ pattern: /^[a-z][a-z0-9-]{0,47}$/ }]}>
              <Input placeholder="contact-us" />
            </Form.Item>
          )}
          <Space.Compact block>
            <Form.Item name="titleZh" label={t('publicForms.inZh', { what: t('publicForms.formTitle') })} rules={[{ required: true }]} style={{ flex: 1, marginRight: 8 }}>
              <Input />
            </Form.Item>
            <Form.Item name="titleEn" label={t('publicForms.inEn', { what: t('publicForms.formTitle') })} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="fields" label={t('publicForms.fields')} extra={t('publicForms.fieldsHelp')} rules={[{ required: true }]}>
            <FieldChooser options={offered.map((field) => ({ value: field.key, label: text(field.label) }))} />
          </Form.Item>
          <Form.Item name="descriptionZh" label={t('publicForms.inZh', { what: t('publicForms.description') })}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('publicForms.inEn', { what: t('publicForms.description') })}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="thankYouZh" label={t('publicForms.inZh', { what: t('publicForms.thankYou') })} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="thankYouEn" label={t('publicForms.inEn', { what: t('publicForms.thankYou') })} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="opensAt" label={t('publicForms.opensAt')}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item name="closesAt" label={t('publicForms.closesAt')}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item name="submissionLimit" label={t('publicForms.limit')}>
              <InputNumber min={1} precision={0} />
            </Form.Item>
            <Form.Item name="enabled" label={t('publicForms.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}

export default function PublicFormsRoute() {
  return (
    <Suspense>
      <PublicFormsPage />
    </Suspense>
  );
}
