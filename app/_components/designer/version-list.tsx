'use client';

import { useState } from 'react';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { App, Button, Card, Input, Modal, Table, Tag } from 'antd';
import { api } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import type { VersionInfo } from './designer-types';
import { testId } from './test-id';

function publisherName(by: VersionInfo['publishedBy'], names: Map<string, string>): string {
  return typeof by === 'string' ? (names.get(by) ?? by) : by.name;
}

/** Every published version; one can be viewed and loaded into the designer as the new draft. */
export function VersionList({ entityKey, current, onLoad }: { entityKey: string; current: number | undefined; onLoad: (def: EntityDefinition) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const base = `/api/entities/${encodeURIComponent(entityKey)}/versions`;
  const { data, isLoading } = useSWR<VersionInfo[] | { items: VersionInfo[] }>(base);
  const versions = Array.isArray(data) ? data : (data?.items ?? []);
  const ids = [...new Set(versions.map((v) => v.publishedBy).filter((by): by is string => typeof by === 'string' && by !== 'template'))];
  const { data: users } = useSWR<{ id: string; name: string }[]>(ids.length ? `/api/users/lookup?ids=${ids.join(',')}` : null);
  const names = new Map((users ?? []).map((user) => [user.id, user.name]));
  const [viewing, setViewing] = useState<EntityDefinition | null>(null);

  async function view(version: number) {
    try {
      setViewing(await api<EntityDefinition>(`${base}/${version}`));
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  return (
    <Card size="small" style={{ maxWidth: 880 }}>
      <Table<VersionInfo>
        rowKey="version"
        size="small"
        loading={isLoading}
        dataSource={[...versions].sort((a, b) => b.version - a.version)}
        pagination={false}
        data-testid="designer-versions"
        columns={[
          { title: t('designer.versions.version'), dataIndex: 'version', render: (v: number) => <span data-testid={`designer-version-${v}`}>v{v} {v === current && <Tag color="green">{t('designer.versions.current')}</Tag>}</span> },
          { title: t('designer.versions.publishedAt'), dataIndex: 'publishedAt', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
          { title: t('designer.versions.publishedBy'), dataIndex: 'publishedBy', render: (by: VersionInfo['publishedBy']) => publisherName(by, names) },
          { title: t('common.actions'), render: (_: unknown, row: VersionInfo) => <Button size="small" onClick={() => void view(row.version)}>{t('designer.versions.view')}</Button> },
        ]}
      />
      <Modal
        open={viewing !== null}
        title={viewing ? `v${viewing.version}` : ''}
        width={760}
        onCancel={() => setViewing(null)}
        cancelText={t('common.cancel')}
        okText={t('designer.versions.load')}
        okButtonProps={testId('designer-version-load')}
        onOk={() => {
          if (viewing) onLoad(viewing);
          setViewing(null);
        }}
      >
        <Input.TextArea readOnly value={viewing ? JSON.stringify(viewing, null, 2) : ''} autoSize={{ minRows: 12, maxRows: 30 }} style={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Modal>
    </Card>
  );
}
