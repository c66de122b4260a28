'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  ApiOutlined,
  AppstoreAddOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BellOutlined,
  BranchesOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FormOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import type { MeView } from '@/lib/permissions/actor';
import type { NavData } from './app-shell';
import { EntityIcon } from './entity-icon';
import { useI18n } from './i18n-provider';

/** Groups the user folded, remembered in this browser; a group not listed (a newly installed app) starts open. */
const CLOSED_GROUPS = 'salesflow.nav.closed';
const CUSTOM_GROUP = 'app:custom';

type Item = NonNullable<MenuProps['items']>[number] & { key: string; children?: Item[] };

function readClosed(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(CLOSED_GROUPS) ?? '[]');
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The menu: dashboards, to-dos, then one collapsible group per installed app (template pack)
 * with its forms and their icons, entities designed here under "Custom", then administration.
 * Links are not prefetched: a menu of dozens of links would otherwise fetch every page.
 */
export function NavMenu({ user, nav, onNavigate }: { user: MeView; nav: NavData; onNavigate?: () => void }) {
  const { t, text, locale } = useI18n();
  const pathname = usePathname();
  const [closed, setClosed] = useState<string[] | null>(null);
  useEffect(() => setClosed(readClosed()), []);

  const link = (href: string, label: string, testid?: string) => (
    <Link href={href} prefetch={false} data-testid={testid} onClick={onNavigate}>
      {label}
    </Link>
  );
  const reaches = (area: MeView['system'][number]) => user.system.includes(area);
  const entityItem = (entity: NavData['entities'][number]): Item => ({
    key: `/records/${entity.key}`,
    icon: <EntityIcon name={entity.icon} />,
    label: link(`/records/${entity.key}`, text(entity.label), `nav-entity-${entity.key}`),
  });
  const appGroups: Item[] = [...nav.apps]
    .sort((a, b) => text(a.name).localeCompare(text(b.name), locale))
    .map((app) => ({
      key: `app:${app.key}`,
      icon: <EntityIcon name={app.icon} />,
      label: <span data-testid={`nav-app-${app.key}`}>{text(app.name)}</span>,
      children: nav.entities.filter((entity) => entity.app === app.key).map(entityItem),
    }));
  const custom = nav.entities.filter((entity) => !entity.app || !nav.apps.some((app) => app.key === entity.app));
  if (custom.length > 0) appGroups.push({ key: CUSTOM_GROUP, label: <span data-testid="nav-app-custom">{t('nav.customApp')}</span>, icon: <AppstoreOutlined />, children: custom.map(entityItem) });

  const admin: Item[] = [
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
  const items: Item[] = [
    {
      key: 'dashboards',
      type: 'group',
      label: link('/dashboards', t('dashboards.list.title')),
      children: nav.dashboards.map((d) => ({ key: `/dashboards/${d.key}`, icon: <DashboardOutlined />, label: link(`/dashboards/${d.key}`, text(d.label)) })),
    },
    { key: '/inbox', icon: <CheckSquareOutlined />, label: link('/inbox', t('nav.inbox')) },
    { key: '/notifications', icon: <BellOutlined />, label: link('/notifications', t('nav.notifications')) },
    ...appGroups,
    ...(admin.length > 0 ? [{ key: 'admin', icon: <SettingOutlined />, label: t('nav.admin'), children: admin }] : []),
  ];
  const groupKeys = items.filter((item) => item.key !== 'dashboards' && item.children).map((item) => item.key);
  const leaves = items.flatMap((item) => item.children ?? [item]).map((item) => item.key);
  const selected = leaves.filter((key) => pathname === key || pathname.startsWith(`${key}/`));
  // Until the remembered state is read, every group is open (what the server drew).
  const openKeys = groupKeys.filter((key) => !(closed ?? []).includes(key));

  function onOpenChange(next: string[]) {
    const nowClosed = [...new Set([...(closed ?? []).filter((key) => !next.includes(key)), ...groupKeys.filter((key) => !next.includes(key))])];
    setClosed(nowClosed);
    localStorage.setItem(CLOSED_GROUPS, JSON.stringify(nowClosed));
  }

  return (
    <Menu mode="inline" selectedKeys={selected} openKeys={openKeys} onOpenChange={onOpenChange} items={items} style={{ borderInlineEnd: 0 }} data-testid="nav-menu" />
  );
}
