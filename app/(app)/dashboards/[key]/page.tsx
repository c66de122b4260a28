'use client';

import { use } from 'react';
import { Card } from 'antd';
import { DashboardScreen } from '../../../_components/dashboards/dashboard-screen';
import { useMe } from '../../../_components/views/use-me';

export default function DashboardPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  const me = useMe();
  if (!me) return <Card loading />;
  return <DashboardScreen dashboardKey={key} actor={me} />;
}
