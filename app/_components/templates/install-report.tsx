'use client';

import { Alert, List, Space, Tag, Typography } from 'antd';
import type { MessageKey } from '@/lib/i18n/messages';
import type { InstallReport, ItemOutcome } from '@/lib/templates/template.types';
import { useI18n } from '../i18n-provider';

const COLORS: Record<ItemOutcome, string> = { installed: 'green', upgraded: 'blue', merged: 'purple', unchanged: 'default', kept: 'orange' };

/** What an install or upgrade did, item by item. */
export function InstallReportView({ report }: { report: InstallReport }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="template-report">
      <List
        size="small"
        dataSource={report.changes}
        renderItem={(change) => (
          <List.Item data-testid={`template-report-${change.kind}-${change.key}`}>
            <Space orientation="vertical" size={0}>
              <Space>
                <Tag>{t(`templates.kind.${change.kind}` as MessageKey)}</Tag>
                <Typography.Text code>{change.key}</Typography.Text>
                <Tag color={COLORS[change.outcome]}>{t(`templates.outcome.${change.outcome}` as MessageKey)}</Tag>
              </Space>
              {change.details?.map((detail) => (
                <Typography.Text key={detail} type="secondary" style={{ fontSize: 12 }}>
                  {detail}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      {report.demo ? (
        <Alert
          type={report.demo.failed.length > 0 ? 'warning' : 'info'}
          showIcon
          message={t('templates.report.demo', { created: report.demo.created, existing: report.demo.existing, failed: report.demo.failed.length })}
          description={
            report.demo.failed.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {report.demo.failed.slice(0, 20).map((failure) => (
                  <li key={`${failure.entity}/${failure.id}`}>
                    {failure.entity}/{failure.id}: {failure.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </Space>
  );
}
