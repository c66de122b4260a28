'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { App, Button, Popconfirm } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { EntityActionDefinition, EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import type { MeView } from '@/lib/permissions/actor';
import type { EntityAccessSummary } from '@/lib/permissions/entity-view';
import { useI18n } from './i18n-provider';

interface ActionAnswer {
  run: { id: string; status: string; error: string | null };
  open?: { entity: string; id: string };
}

/** Mirrors lib/workflows/entity-action.service: the permission to run the action (the entity's access summary) and its visibility rule. */
export function actionOffered(action: EntityActionDefinition, me: MeView | undefined, data: Record<string, unknown>, access?: EntityAccessSummary): boolean {
  if (!me || !access?.entityActions.includes(action.key)) return false;
  const rule = action.visibleWhen;
  return !rule || rule.in.some((value) => value === (data[rule.field] ?? null));
}

/**
 * The entity's action buttons on a record page. Each sends the version the user sees, so a
 * repeated click finds the same run; on success it opens the record the workflow made.
 */
export function RecordActions({ def, record, me, onDone }: { def: EntityDefinition & { access?: EntityAccessSummary }; record: RecordView; me: MeView | undefined; onDone: () => void }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const [running, setRunning] = useState<string | null>(null);
  if (record.deletedAt || record.can?.update === false) return null;
  const offered = (def.actions ?? []).filter((action) => actionOffered(action, me, record.data, def.access));

  async function run(action: EntityActionDefinition) {
    setRunning(action.key);
    try {
      const answer = await api<ActionAnswer>(`/api/records/${def.key}/${record.id}/actions/${action.key}`, { method: 'POST', body: { version: record.version } });
      if (answer.run.status === 'running') message.info(t('entityActions.running'));
      else message.success(`${text(action.label)}: ${t('entityActions.done')}`);
      if (answer.open) router.push(`/records/${answer.open.entity}/${answer.open.id}`);
      else onDone();
    } catch (failure) {
      message.error((failure as Error).message);
      onDone();
    } finally {
      setRunning(null);
    }
  }

  return (
    <>
      {offered.map((action) => {
        const button = (
          <Button
            key={action.key}
            type="primary"
            icon={<ThunderboltOutlined />}
            loading={running === action.key}
            disabled={running !== null && running !== action.key}
            data-testid={`record-action-${action.key}`}
            onClick={action.confirm ? undefined : () => void run(action)}
          >
            {text(action.label)}
          </Button>
        );
        return action.confirm ? (
          <Popconfirm key={action.key} title={text(action.confirm)} onConfirm={() => void run(action)} okText={t('common.yes')} cancelText={t('common.no')}>
            {button}
          </Popconfirm>
        ) : (
          button
        );
      })}
    </>
  );
}
