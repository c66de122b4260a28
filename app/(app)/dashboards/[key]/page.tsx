'use client';

import { use } from 'react';
import useSWR from 'swr';
import { Card, Col, Empty, Row, Typography } from 'antd';
import type { ChartData, DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import { EChart } from '../../../_components/echart';
import { useI18n } from '../../../_components/i18n-provider';

export default function DashboardPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  const { t, text } = useI18n();
  const { data, error } = useSWR<{ dashboard: DashboardDefinition; charts: ChartData[] }>(`/api/dashboards/${key}`, { refreshInterval: 30_000 });
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!data) return <Card loading />;
  return (
    <>
      <Typography.Title level={3}>{text(data.dashboard.title)}</Typography.Title>
      <Row gutter={[16, 16]}>
        {data.charts.map((chart) => (
          <Col key={chart.chart.id} xs={24} lg={12}>
            <Card title={text(chart.chart.title)}>
              {chart.points.length > 0 ? <EChart data={chart} /> : <Empty description={t('dashboard.noData')} />}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
