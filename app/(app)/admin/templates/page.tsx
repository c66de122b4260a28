'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { App, Button, Card, Col, Empty, Modal, Row, Skeleton, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '@/lib/client/api-client';
import type { TemplateSummary } from '@/lib/templates/template.catalog';
import type { DemoLocale, InstallReport } from '@/lib/templates/template.types';
import type { UninstallReport } from '@/lib/templates/template.uninstall';
import { useI18n } from '../../../_components/i18n-provider';
import { InstallModal } from '../../../_components/templates/install-modal';
import { InstallReportView } from '../../../_components/templates/install-report';
import { TemplateCard } from '../../../_components/templates/template-card';
import { TemplatePreviewDrawer } from '../../../_components/templates/template-preview-drawer';
import { UninstallModal } from '../../../_components/templates/uninstall-modal';

/** Uploads a template file; the answer is the install report. */
async function uploadTemplate(file: File): Promise<InstallReport> {
  const form = new FormData();
  form.append('file', file);
  const response = await fetch('/api/templates/import', { method: 'POST', body: form, credentials: 'same-origin' });
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, payload?.error?.code ?? 'http_error', payload?.error?.message ?? response.statusText);
  return payload as InstallReport;
}

export default function TemplateCenterPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { data, mutate } = useSWR<{ items: TemplateSummary[] }>('/api/templates');
  const [preview, setPreview] = useState<string | null>(null);
  const [installing, setInstalling] = useState<TemplateSummary | null>(null);
  const [uninstalling, setUninstalling] = useState<TemplateSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<InstallReport | null>(null);
  const items = data?.items ?? [];
  const nameOf = (key: string) => {
    const item = items.find((candidate) => candidate.key === key);
    return item ? text(item.name) : key;
  };

  /** Runs an action, then refreshes the list and the navigation (entities come and go). */
  async function run<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    setBusy(key);
    try {
      const result = await work();
      await mutate();
      router.refresh();
      return result;
    } catch (error) {
      message.error((error as Error).message);
      return undefined;
    } finally {
      setBusy(null);
    }
  }

  async function install(template: TemplateSummary, demo: DemoLocale | undefined) {
    const result = await run(template.key, () => api<InstallReport>(`/api/templates/${template.key}/install`, { method: 'POST', body: demo ? { demo } : {} }));
    setInstalling(null);
    if (result) setReport(result);
  }

  async function upgrade(template: TemplateSummary) {
    const result = await run(template.key, () => api<InstallReport>(`/api/templates/${template.key}/upgrade`, { method: 'POST', body: {} }));
    if (result) setReport(result);
  }

  async function uninstall(template: TemplateSummary, options: { deleteRecords: boolean; confirm?: string }) {
    const result = await run(template.key, () => api<UninstallReport>(`/api/templates/${template.key}/uninstall`, { method: 'POST', body: options }));
    setUninstalling(null);
    if (!result) return;
    const deleted = Object.values(result.deletedRecords).reduce((sum, count) => sum + count, 0);
    message.success(options.deleteRecords ? t('templates.uninstall.doneDeleted', { count: deleted }) : t('templates.uninstall.done'));
  }

  const previewed = items.find((item) => item.key === preview);
  return (
    <Card
      title={t('templates.title')}
      extra={
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={(file) => {
            void run('import', () => uploadTemplate(file)).then((result) => result && setReport(result));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid="template-import">
            {t('templates.installFromFile')}
          </Button>
        </Upload>
      }
    >
      <Typography.Paragraph type="secondary">{t('templates.intro')}</Typography.Paragraph>
      {!data ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty />
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((template) => (
            <Col key={template.key} xs={24} md={12} xl={8}>
              <TemplateCard
                template={template}
                busy={busy === template.key}
                actions={{
                  onPreview: () => setPreview(template.key),
                  onInstall: () => setInstalling(template),
                  onUpgrade: () => void upgrade(template),
                  onUninstall: () => setUninstalling(template),
                }}
              />
            </Col>
          ))}
        </Row>
      )}

      <TemplatePreviewDrawer
        templateKey={preview}
        onClose={() => setPreview(null)}
        extra={
          previewed && previewed.installed?.status !== 'installed' ? (
            <Button type="primary" onClick={() => setInstalling(previewed)} data-testid="template-preview-install">
              {t('templates.install')}
            </Button>
          ) : null
        }
      />
      <InstallModal
        open={installing !== null}
        name={installing ? text(installing.name) : ''}
        demo={installing?.demo ?? []}
        busy={installing !== null && busy === installing.key}
        onCancel={() => setInstalling(null)}
        onConfirm={(demo) => installing && void install(installing, demo).then(() => setPreview(null))}
      />
      <UninstallModal
        open={uninstalling !== null}
        name={uninstalling ? text(uninstalling.name) : ''}
        templateKey={uninstalling?.key ?? ''}
        busy={uninstalling !== null && busy === uninstalling.key}
        onCancel={() => setUninstalling(null)}
        onConfirm={(options) => uninstalling && void uninstall(uninstalling, options)}
      />
      <Modal
        open={report !== null}
        title={report ? t('templates.report.title', { name: nameOf(report.pack), version: report.version }) : ''}
        onCancel={() => setReport(null)}
        footer={
          <Button type="primary" onClick={() => setReport(null)} data-testid="template-report-close">
            {t('templates.done')}
          </Button>
        }
        width={640}
      >
        {report ? <InstallReportView report={report} /> : null}
      </Modal>
    </Card>
  );
}
