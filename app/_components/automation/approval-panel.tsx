'use client';

import { useState } from 'react';
import dayjs from 'dayjs';
import { useSWRConfig } from 'swr';
import { App, Button, Card, Input, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import type { ApprovalStatus, ApprovalView } from '@/lib/approvals/approval.types';
import { useI18n } from '../i18n-provider';

export const APPROVAL_COLORS: Record<ApprovalStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', returned: 'warning', withdrawn: 'default' };

/**
 * One approval: where it stands, its levels and approvers, the whole trail, and what the person
 * looking may do (decide with a comment, withdraw, submit again). Used on the record page and in
 * the to-do inbox.
 */
export function ApprovalCard({ approval, onChanged }: { approval: ApprovalView; onChanged: (next?: ApprovalView) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { mutate } = useSWRConfig();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  async function act(path: string, body: Record<string, unknown>, what: string) {
    setBusy(what);
    try {
      const next = await api<ApprovalView>(`/api/approvals/${approval.id}/${path}`, { method: 'POST', body });
      setComment('');
      message.success(t('common.saved'));
      onChanged(next);
      await mutate('/api/me/counts');
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card
      size="small"
      data-testid="approval-card"
      title={
        <Space wrap>
          <span>{approval.title}</span>
          <Tag color={APPROVAL_COLORS[approval.status]} data-testid="approval-status">
            {t(`approvals.status.${approval.status}`)}
          </Tag>
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {t('approvals.submitter')}: {approval.submitter.name}
        </Typography.Text>
      }
    >
      <Steps
        size="small"
        current={approval.level}
        status={approval.status === 'rejected' ? 'error' : approval.status === 'approved' ? 'finish' : 'process'}
        items={approval.levels.map((level, index) => ({
          title: level.name || t('approvals.level', { level: index + 1 }),
          description: (
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary">{t(`approvals.mode.${level.mode}`)}</Typography.Text>
              {level.approvers.map((approver) => (
                <span key={approver.id}>
                  {approver.name} {approver.decision && <Tag>{t(`approvals.action.${approver.decision}`)}</Tag>}
                </span>
              ))}
            </Space>
          ),
        }))}
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={5}>{t('approvals.trail')}</Typography.Title>
      <Timeline
        data-testid="approval-trail"
        items={approval.trail.map((entry) => ({
          children: (
            <span>
              <Typography.Text strong>{entry.actorName}</Typography.Text> {t(`approvals.action.${entry.action}`)}
              {entry.comment ? <>: “{entry.comment}”</> : null} <Typography.Text type="secondary">{dayjs(entry.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            </span>
          ),
        }))}
      />
      {(approval.can.decide || approval.can.withdraw || approval.can.resubmit) && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} value={comment} onChange={(event) => setComment(event.target.value)} placeholder={t('approvals.commentPlaceholder')} data-testid="approval-comment" />
          <Space wrap>
            {approval.can.decide && (
              <>
                <Button type="primary" loading={busy === 'approve'} onClick={() => void act('decide', { decision: 'approve', comment }, 'approve')} data-testid="approval-approve">
                  {t('approvals.approve')}
                </Button>
                <Button danger loading={busy === 'reject'} onClick={() => void act('decide', { decision: 'reject', comment }, 'reject')} data-testid="approval-reject">
                  {t('approvals.reject')}
                </Button>
                <Button loading={busy === 'return'} onClick={() => void act('decide', { decision: 'return', comment }, 'return')} data-testid="approval-return">
                  {t('approvals.return')}
                </Button>
              </>
            )}
            {approval.can.resubmit && (
              <Button type="primary" loading={busy === 'resubmit'} onClick={() => void act('resubmit', { comment }, 'resubmit')} data-testid="approval-resubmit">
                {t('approvals.resubmit')}
              </Button>
            )}
            {approval.can.withdraw && (
              <Button loading={busy === 'withdraw'} onClick={() => void act('withdraw', { comment }, 'withdraw')} data-testid="approval-withdraw">
                {t('approvals.withdraw')}
              </Button>
            )}
          </Space>
        </Space>
      )}
    </Card>
  );
}

export interface RecordApprovals {
  locked: { approvalId: string; since: string; overrides: number } | null;
  items: ApprovalView[];
}

/** The approval panel of a record page: every approval of the record, newest first. */
export function ApprovalPanel({ data, onChanged }: { data: RecordApprovals | undefined; onChanged: () => void }) {
  const { t } = useI18n();
  if (!data) return <Card loading size="small" />;
  if (data.items.length === 0) return <Typography.Text type="secondary">{t('approvals.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {data.items.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} onChanged={onChanged} />
      ))}
    </Space>
  );
}
