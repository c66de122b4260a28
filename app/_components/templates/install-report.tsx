'use client';

import { Alert, List, Space, Tag, Typography } from 'antd';
import type { MessageKey } from '@/lib/i18n/messages';
import type { InstallReport, ItemOutcome, ItemReason } from '@/lib/templates/template.types';
import { useI18n } from '../i18n-provider';

const COLORS: Record<ItemOutcome, string> = { installed: 'green', upgraded: 'blue', merged: 'purple', unchanged: 'default', kept: 'orange' };

/** What an install or upgrade did, item by item: each by its name, why it was kept, what a merge took; demo records refused and why. */
export function InstallReportView({ report }: { report: InstallReport }) {
  const { t, text } = useI18n();
  const reasonText = (reason: ItemReason) =>
    reason.code === 'ownedByTemplate' ? t('templates.reason.ownedByTemplate', { template: reason.template }) : t(`templates.reason.${reason.code}` as MessageKey);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="template-report">
      <List
        size="small"
        dataSource={report.changes}
        renderItem={(change) => (
          <List.Item data-testid={`template-report-${change.kind}-${change.key}`}>
            <Space orientation="vertical" size={0}>
              <Space wrap>
                <Tag>{t(`templates.kind.${change.kind}` as MessageKey)}</Tag>
                <Typography.Text>{change.name ? text(change.name) || change.key : change.key}</Typography.Text>
                <Tag color={COLORS[change.outcome]}>{t(`templates.outcome.${change.outcome}` as MessageKey)}</Tag>
              </Space>
              {change.reasons?.map((reason) => (
                <Typography.Text key={reason.code} type="secondary" style={{ fontSize: 12 }}>
                  {reasonText(reason)}
                  {(reason.code === 'notMergeable' || reason.code === 'doesNotFit') && reason.problems.length > 0 ? `: ${reason.problems.join('; ')}` : ''}
                </Typography.Text>
              ))}
              {change.notes && change.notes.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('templates.report.merged', { count: change.notes.length })} <Typography.Text code style={{ fontSize: 11 }}>{change.notes.join(', ')}</Typography.Text>
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {report.demo ? (
        <Alert
          type={report.demo.failed.length > 0 ? 'warning' : 'info'}
          showIcon
          title={t('templates.report.demo', { created: report.demo.created, existing: report.demo.existing, failed: report.demo.failed.length })}
          description={
            report.demo.failed.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {report.demo.failed.slice(0, 20).map((failure) => (
                  <li key={`${failure.entity}/${failure.id}`}>
                    {t('templates.report.demoFailed', { entity: failure.label ? text(failure.label) : failure.entity, id: failure.id, message: failure.message })}
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
