'use client';

import { signOut } from 'next-auth/react';
import { App, Button, Card, Form, Input, Popconfirm, Space, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import { useI18n } from '../../_components/i18n-provider';

/** My account: a new password (which signs out every session) and "sign out everywhere". */
export default function AccountPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ current: string; password: string }>();

  async function change(values: { current: string; password: string }) {
    try {
      await api('/api/me/password', { method: 'POST', body: values });
      message.success(t('account.passwordChanged'));
      await signOut({ callbackUrl: '/signin' });
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function everywhere() {
    await api('/api/me/sessions', { method: 'DELETE' }).catch(() => undefined);
    await signOut({ callbackUrl: '/signin' });
  }

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 520 }}>
      <Card title={t('account.changePassword')}>
        <Form form={form} layout="vertical" onFinish={change}>
          <Form.Item name="current" label={t('account.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="password" label={t('account.newPassword')} extra={t('users.passwordRules')} rules={[{ required: true, min: 10, message: t('password.tooShort', { min: 10 }) }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('account.signOutEverywhere')}>
        <Typography.Paragraph type="secondary">{t('account.signOutEverywhereHelp')}</Typography.Paragraph>
        <Popconfirm title={t('account.signOutEverywhereHelp')} onConfirm={() => void everywhere()} okText={t('common.yes')} cancelText={t('common.no')}>
          <Button danger>{t('account.signOutEverywhere')}</Button>
        </Popconfirm>
      </Card>
    </Space>
  );
}
