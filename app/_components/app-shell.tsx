'use client';

import { useState } from 'react';
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { Button, Drawer, Dropdown, Grid, Layout, Space, Tag, Typography } from 'antd';
import { CheckOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, MoreOutlined, UserOutlined } from '@ant-design/icons';
import { HeaderCounts } from './automation/header-counts';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { MeView } from '@/lib/permissions/actor';
import { useI18n } from './i18n-provider';
import { LanguageSwitch } from './language-switch';
import { NavMenu } from './nav-menu';

export interface NavData {
  /** The installed apps (template packs) that brought entities the user may read, in menu order. */
  apps: { key: string; name: LocalizedText; icon?: string }[];
  /** `app` is the pack that installed the entity; null for entities designed here ("custom"). */
  entities: { key: string; label: LocalizedText; icon?: string; app: string | null }[];
  dashboards: { key: string; label: LocalizedText }[];
  /** The names of the user's roles. */
  roles: LocalizedText[];
}

/**
 * The frame of every signed-in page. Wide screens get the menu in a sider; narrow ones (a
 * phone) get it in a drawer that overlays the page, and a header whose language switch and
 * sign-out live in one compact menu, so nothing pushes the page sideways or overlaps.
 */
export function AppShell({ user, nav, children }: { user: MeView; nav: NavData; children: React.ReactNode }) {
  const { t, text, locale, setLocale } = useI18n();
  const screens = Grid.useBreakpoint();
  // Before the first measurement (and on the server) the narrow layout is drawn: it fits every screen.
  const wide = screens.lg === true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const title = (
    <div style={{ padding: '16px 20px' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('app.name')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
    </div>
  );
  // Following a link in the drawer closes it.
  const menu = <NavMenu user={user} nav={nav} onNavigate={() => setDrawerOpen(false)} />;

  const compactMenu = {
    items: [
      { key: 'account', icon: <UserOutlined />, label: <Link href="/account" prefetch={false}>{`${user.name} · ${t('nav.account')}`}</Link> },
      { type: 'divider' as const },
      ...(['zh-CN', 'en'] as const).map((value) => ({
        key: `locale:${value}`,
        icon: value === locale ? <CheckOutlined /> : <GlobalOutlined />,
        label: value === 'zh-CN' ? '简体中文' : 'English',
        onClick: () => setLocale(value),
      })),
      { type: 'divider' as const },
      { key: 'signout', icon: <LogoutOutlined />, danger: true, label: t('nav.signOut'), onClick: () => void signOut({ callbackUrl: '/signin' }) },
    ],
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {wide && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #eee' }} data-testid="nav-sider">
          {title}
          {menu}
        </Layout.Sider>
      )}
      {!wide && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={260}
          closable={false}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
          rootClassName="nav-drawer"
        >
          {title}
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            gap: 8,
            paddingInline: wide ? 24 : 8,
            borderBottom: '1px solid #eee',
          }}
        >
          {wide ? (
            <span />
          ) : (
            <Space size={4} align="center" style={{ minWidth: 0, lineHeight: 'normal' }}>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} data-testid="nav-toggle" />
              <Typography.Text strong ellipsis style={{ maxWidth: 140, lineHeight: 'normal' }}>
                {t('app.name')}
              </Typography.Text>
            </Space>
          )}
          <Space size={wide ? 'middle' : 0} style={{ flexShrink: 0 }}>
            <HeaderCounts compact={!wide} />
            {wide ? (
              <>
                <span data-testid="current-user">
                  <Link href="/account" prefetch={false} title={t('nav.account')}>
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
              </>
            ) : (
              <Dropdown menu={compactMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" icon={<MoreOutlined />} aria-label={t('nav.userMenu')} data-testid="header-more" />
              </Dropdown>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 24 : 8, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
