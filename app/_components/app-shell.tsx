'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { ApiOutlined, AppstoreAddOutlined, AppstoreOutlined, BellOutlined, BranchesOutlined, CheckSquareOutlined, DashboardOutlined, LogoutOutlined, TeamOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { HeaderCounts } from './automation/header-counts';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { Actor } from '@/lib/users/user.types';
import { useI18n } from './i18n-provider';
import { LanguageSwitch } from './language-switch';

export interface NavData {
  entities: { key: string; label: LocalizedText }[];
  dashboards: { key: string; label: LocalizedText }[];
}

export function AppShell({ user, nav, children }: { user: Actor; nav: NavData; children: React.ReactNode }) {
  const { t, text } = useI18n();
  const pathname = usePathname();
  const link = (href: string, label: string) => <Link href={href}>{label}</Link>;
  const items = [
    ...nav.dashboards.map((d) => ({ key: `/dashboards/${d.key}`, icon: <DashboardOutlined />, label: link(`/dashboards/${d.key}`, text(d.label)) })),
    { key: '/inbox', icon: <CheckSquareOutlined />, label: link('/inbox', t('nav.inbox')) },
    { key: '/notifications', icon: <BellOutlined />, label: link('/notifications', t('nav.notifications')) },
    {
      key: 'data',
      type: 'group' as const,
      label: t('nav.data'),
      children: nav.entities.map((e) => ({ key: `/records/${e.key}`, icon: <AppstoreOutlined />, label: link(`/records/${e.key}`, text(e.label)) })),
    },
    ...(user.role === 'admin' || user.role === 'manager'
      ? [
          {
            key: 'admin',
            type: 'group' as const,
            label: t('nav.admin'),
            children: [
              ...(user.role === 'admin'
                ? [
                    { key: '/admin/users', icon: <TeamOutlined />, label: link('/admin/users', t('nav.users')) },
                    { key: '/admin/tokens', icon: <ApiOutlined />, label: link('/admin/tokens', t('nav.tokens')) },
                    { key: '/admin/entities', icon: <AppstoreOutlined />, label: link('/admin/entities', t('nav.entities')) },
                    { key: '/admin/templates', icon: <AppstoreAddOutlined />, label: link('/admin/templates', t('nav.templates')) },
                    { key: '/admin/workflows', icon: <BranchesOutlined />, label: link('/admin/workflows', t('nav.workflows')) },
                  ]
                : []),
              { key: '/admin/runs', icon: <ThunderboltOutlined />, label: link('/admin/runs', t('nav.workflowRuns')) },
            ],
          },
        ]
      : []),
  ];
  const selected = items
    .flatMap((item) => ('children' in item && item.children ? item.children : [item]))
    .map((item) => item.key)
    .filter((key) => pathname === key || pathname.startsWith(`${key}/`));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #eee' }}>
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        <Menu mode="inline" selectedKeys={selected} items={items} style={{ borderInlineEnd: 0 }} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24, borderBottom: '1px solid #eee' }}>
          <Space size="middle">
            <HeaderCounts />
            <span data-testid="current-user">
              {user.name} <Tag>{t(`role.${user.role}`)}</Tag>
            </span>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={() => signOut({ callbackUrl: '/signin' })}>
              {t('nav.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
