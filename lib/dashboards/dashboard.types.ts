import type { LocalizedText } from '@/lib/i18n/locale';

/** A chart counts the records of an entity grouped by one of its fields. */
export interface ChartDefinition {
  id: string;
  title: LocalizedText;
  kind: 'pie' | 'bar';
  entity: string;
  groupBy: string;
}

export interface DashboardDefinition {
  key: string;
  version: number;
  title: LocalizedText;
  charts: ChartDefinition[];
  template?: string;
}

export interface ChartData {
  chart: ChartDefinition;
  points: { key: string | null; label: string; value: number }[];
}
