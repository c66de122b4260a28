'use client';

import { Badge, Button, Card, Space, Tag, Typography } from 'antd';
import { AppstoreOutlined, CloudDownloadOutlined, DeleteOutlined, EyeOutlined, ExportOutlined, RocketOutlined } from '@ant-design/icons';
import type { MessageKey } from '@/lib/i18n/messages';
import type { TemplateSummary } from '@/lib/templates/template.catalog';
import { useI18n } from '../i18n-provider';
import { categoryLabel } from './category-label';

export interface TemplateCardActions {
  onPreview: () => void;
  onInstall: () => void;
  onUpgrade: () => void;
  onUninstall: () => void;
}

/** One pack: what it is, which version is installed, and what can be done with it. */
export function TemplateCard({ template, busy, actions }: { template: TemplateSummary; busy: boolean; actions: TemplateCardActions }) {
  const { t, text } = useI18n();
  const installed = template.installed?.status === 'installed' ? template.installed : null;
  const category = categoryLabel(template.category, t);
  const card = (
    <Card
      data-testid={`template-card-${template.key}`}
      title={
        <Space>
          <AppstoreOutlined />
          {text(template.name)}
        </Space>
      }
      extra={category ? <Tag color="geekblue">{category}</Tag> : null}
      actions={[
        <Button key="preview" type="link" icon={<EyeOutlined />} onClick={actions.onPreview} data-testid={`template-preview-${template.key}`}>
          {t('templates.preview')}
        </Button>,
        installed && template.upgradeAvailable ? (
          <Button key="upgrade" type="link" icon={<RocketOutlined />} loading={busy} onClick={actions.onUpgrade} data-testid={`template-upgrade-${template.key}`}>
            {t('templates.upgrade', { version: template.version })}
          </Button>
        ) : (
          <Button key="install" type="link" icon={<CloudDownloadOutlined />} loading={busy} onClick={actions.onInstall} data-testid={`template-install-${template.key}`}>
            {installed ? t('templates.reinstall') : t('templates.install')}
          </Button>
        ),
        installed ? (
          <Button key="export" type="link" icon={<ExportOutlined />} href={`/api/templates/${template.key}/export`} data-testid={`template-export-${template.key}`}>
            {t('templates.export')}
          </Button>
        ) : null,
        installed ? (
          <Button key="uninstall" type="link" danger icon={<DeleteOutlined />} onClick={actions.onUninstall} data-testid={`template-uninstall-${template.key}`}>
            {t('templates.uninstall')}
          </Button>
        ) : null,
      ].filter(Boolean)}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, tooltip: text(template.description) }} style={{ minHeight: 66, marginBottom: 0 }}>
          {text(template.description)}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('templates.contents', template.counts)}
        </Typography.Text>
        <Space wrap size={4}>
          <Tag>{t('templates.version', { version: `v${template.version}` })}</Tag>
          {installed ? (
            <Tag color="green" data-testid={`template-installed-${template.key}`}>
              {t('templates.installedVersion', { version: installed.version })}
            </Tag>
          ) : template.installed?.status === 'uninstalled' ? (
            <Tag color="default">{t('templates.uninstalled')}</Tag>
          ) : (
            <Tag>{t('templates.notInstalled')}</Tag>
          )}
          {template.source === 'upload' ? <Tag color="cyan">{t('templates.uploaded')}</Tag> : null}
          {template.demo.map((locale) => (
            <Tag key={locale} color="gold">
              {t(`templates.demo.${locale}` as MessageKey)}
            </Tag>
          ))}
        </Space>
      </Space>
    </Card>
  );
  return template.upgradeAvailable && installed ? (
    <Badge.Ribbon text={t('templates.upgradeAvailable')} color="volcano">
      {card}
    </Badge.Ribbon>
  ) : (
    card
  );
}
