'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  ApiOutlined,
  AppstoreAddOutlined,
  AppstoreOutlined,
  FormOutlined,
  AuditOutlined,
  BellOutlined,
  BranchesOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { HeaderCounts } from './automation/header-counts';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { MeView } from '@/lib/permissions/actor';
import { useI18n } from './i18n-provider';
import { LanguageSwitch } from './language-switch';

export interface NavData {
  entities: { key: string; label: LocalizedText }[];
  dashboards: { key: string; label: LocalizedText }[];
  /** The names of the user's roles. */
  roles: LocalizedText[];
}

export function AppShell({ user, nav, children }: { user: MeView; nav: NavData; children: React.ReactNode }) {
  const { t, text } = useI18n();
  const pathname = usePathname();
  const link = (href: string, label: string) => <Link href={href}>{label}</Link>;
  const reaches = (area: MeView['system'][number]) => user.system.includes(area);
  const admin = [
    ...(reaches('organization')
      ? [
          { key: '/admin/users', icon: <TeamOutlined />, label: link('/admin/users', t('nav.users')) },
          { key: '/admin/departments', icon: <ApartmentOutlined />, label: link('/admin/departments', t('nav.departments')) },
          { key: '/admin/roles', icon: <SafetyCertificateOutlined />, label: link('/admin/roles', t('nav.roles')) },
        ]
      : []),
    ...(reaches('tokens') ? [{ key: '/admin/tokens', icon: <ApiOutlined />, label: link('/admin/tokens', t('nav.tokens')) }] : []),
    ...(reaches('design') ? [{ key: '/admin/entities', icon: <AppstoreOutlined />, label: link('/admin/entities', t('nav.entities')) }] : []),
    ...(reaches('design') ? [{ key: '/admin/public-forms', icon: <FormOutlined />, label: link('/admin/public-forms', t('nav.publicForms')) }] : []),
    ...(reaches('templates') ? [{ key: '/admin/templates', icon: <AppstoreAddOutlined />, label: link('/admin/templates', t('nav.templates')) }] : []),
    ...(reaches('audit') ? [{ key: '/admin/audit', icon: <AuditOutlined />, label: link('/admin/audit', t('nav.audit')) }] : []),
    ...(reaches('design') ? [{ key: '/admin/workflows', icon: <BranchesOutlined />, label: link('/admin/workflows', t('nav.workflows')) }] : []),
    ...(reaches('automation') ? [{ key: '/admin/runs', icon: <ThunderboltOutlined />, label: link('/admin/runs', t('nav.workflowRuns')) }] : []),
  ];
  const items = [
    {
      key: 'dashboards',
      type: 'group' as const,
      label: link('/dashboards', t('dashboards.list.title')),
      children: nav.dashboards.map((d) => ({ key: `/dashboards/${d.key}`, icon: <DashboardOutlined />, label: link(`/dashboards/${d.key}`, text(d.label)) })),
    },
    { key: '/inbox', icon: <CheckSquareOutlined />, label: link('/inbox', t('nav.inbox')) },
    { key: '/notifications', icon: <BellOutlined />, label: link('/notifications', t('nav.notifications')) },
    {
      key: 'data',
      type: 'group' as const,
      label: t('nav.data'),
      children: nav.entities.map((e) => ({ key: `/records/${e.key}`, icon: <AppstoreOutlined />, label: link(`/records/${e.key}`, text(e.label)) })),
    },
    ...(admin.length > 0 ? [{ key: 'admin', type: 'group' as const, label: t('nav.admin'), children: admin }] : []),
  ];
  const selected = items
    .flatMap((item): { key: string }[] => ('children' in item && item.children ? item.children : [item]))
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
              <Link href="/account" title={t('nav.account')}>
                <UserOutlined /> {user.name}
              </Link>{' '}
              {nav.roles.map((role, index) => (
                <Tag key={index}>{text(role)}</Tag>
              ))}
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
