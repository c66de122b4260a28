'use client';

import { use } from 'react';
import { Card } from 'antd';
import useSWR from 'swr';
import { DashboardScreen } from '../../../_components/dashboards/dashboard-screen';
import { useMe } from '../../../_components/views/use-me';

export default function DashboardPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  const me = useMe();
  // Asked beside who the viewer is, not after: the screen then finds them answered (the same keys).
  useSWR(`/api/dashboards/${key}`);
  useSWR('/api/entities');
  if (!me) return <Card loading />;
  return <DashboardScreen dashboardKey={key} actor={me} />;
}
