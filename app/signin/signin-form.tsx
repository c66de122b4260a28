'use client';

import { useState } from 'react';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useI18n } from '../_components/i18n-provider';
import { LanguageSwitch } from '../_components/language-switch';

function safeCallback(url: string | null): string {
  return url && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

export function SignInForm() {
  const { t } = useI18n();
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { email: string; password: string }) {
    setBusy(true);
    setError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    setBusy(false);
    if (result?.ok && !result.error) {
      router.replace(safeCallback(params.get('callbackUrl')));
      router.refresh();
      return;
    }
    const reason = result?.error ?? 'invalid';
    if (reason.startsWith('throttled:')) setError(t('signin.throttled', { seconds: reason.split(':')[1] }));
    else if (reason === 'required') setError(t('signin.required'));
    else setError(t('signin.invalid'));
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('signin.title')}
          </Typography.Title>
        </div>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon data-testid="signin-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('signin.email')} name="email" rules={[{ required: true, message: t('signin.required') }]}>
            <Input prefix={<MailOutlined />} type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('signin.password')} name="password" rules={[{ required: true, message: t('signin.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signin.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <LanguageSwitch />
        </div>
      </Card>
    </main>
  );
}
