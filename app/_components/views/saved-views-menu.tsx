'use client';

import { useState } from 'react';
import useSWR from 'swr';
import { App, Button, Checkbox, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { SavedView, SavedViewInput } from '@/lib/views/view.types';
import { useI18n } from '../i18n-provider';
import { mayShareViews, useMe } from './use-me';

type Settings = Omit<SavedViewInput, 'name' | 'shared'>;

/** Picks, saves, updates and deletes saved views; `settings` is what the screen shows now. */
export function SavedViewsMenu({ entity, selected, settings, onSelect }: {
  entity: string;
  selected?: string;
  settings: Settings;
  onSelect: (view: SavedView | undefined) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { data, mutate } = useSWR<SavedView[] | { items: SavedView[] }>(`/api/views/${entity}`);
  const views = Array.isArray(data) ? data : (data?.items ?? []);
  const current = views.find((view) => view.id === selected);
  const mine = Boolean(current && me && (current.ownerId === me.id || me.admin));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);

  async function run<T>(action: () => Promise<T>, done: string): Promise<{ result: T } | null> {
    try {
      const result = await action();
      message.success(done);
      await mutate();
      return { result };
    } catch (error) {
      message.error((error as Error).message);
      return null;
    }
  }

  async function saveNew() {
    const body: SavedViewInput = { ...settings, name: name.trim(), shared: shared && mayShareViews(me) };
    const created = await run(() => api<SavedView>(`/api/views/${entity}`, { method: 'POST', body }), t('common.saved'));
    if (!created) return;
    setNaming(false);
    setName('');
    onSelect(created.result);
  }

  const update = (view: SavedView) => {
    const body: SavedViewInput = { ...settings, name: view.name, shared: view.shared };
    return run(() => api<SavedView>(`/api/views/${entity}/${view.id}`, { method: 'PUT', body }), t('common.saved'));
  };
  const remove = async (view: SavedView) => {
    if (await run(() => api(`/api/views/${entity}/${view.id}`, { method: 'DELETE' }), t('common.deleted'))) onSelect(undefined);
  };

  return (
    <Space wrap>
      <Select
        data-testid="view-select"
        value={current ? current.id : ''}
        style={{ minWidth: 200 }}
        onChange={(id) => onSelect(views.find((view) => view.id === id))}
        options={[
          { value: '', label: t('views.saved.default') },
          ...views.map((view) => ({
            value: view.id,
            label: (
              <Space size={4}>
                {view.name}
                {view.kind === 'kanban' && <Tag>{t('views.kanban.title')}</Tag>}
                <Tag color={view.shared ? 'blue' : undefined}>{view.shared ? t('views.saved.shared') : t('views.saved.personal')}</Tag>
              </Space>
            ),
          })),
        ]}
      />
      {current && mine && (
        <Button icon={<SaveOutlined />} onClick={() => void update(current)} data-testid="view-update">
          {t('views.saved.update')}
        </Button>
      )}
      {current && mine && (
        <Popconfirm title={t('views.saved.confirmDelete')} onConfirm={() => void remove(current)} okText={t('common.yes')} cancelText={t('common.no')}>
          <Button icon={<DeleteOutlined />} danger data-testid="view-delete" aria-label={t('common.delete')} />
        </Popconfirm>
      )}
      <Button onClick={() => setNaming(true)} data-testid="view-save">
        {t('views.saved.saveAs')}
      </Button>
      <Modal
        open={naming}
        title={t('views.saved.saveAs')}
        onCancel={() => setNaming(false)}
        onOk={() => void saveNew()}
        okButtonProps={{ disabled: !name.trim(), ...({ 'data-testid': 'view-save-confirm' } as object) }}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input data-testid="view-name" placeholder={t('views.saved.name')} value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
          {mayShareViews(me) && (
            <Checkbox data-testid="view-shared" checked={shared} onChange={(event) => setShared(event.target.checked)}>
              {t('views.saved.shareWithAll')}
            </Checkbox>
          )}
        </Space>
      </Modal>
    </Space>
  );
}
