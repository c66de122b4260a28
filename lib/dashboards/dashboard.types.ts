import type { LocalizedText } from '@/lib/i18n/locale';

/**
 * A chart groups the records of an entity by one of its fields and shows, per group, how many
 * there are, or the sum / average / least / greatest of a numeric field (`value`).
 */
export interface ChartDefinition {
  id: string;
  title: LocalizedText;
  kind: 'pie' | 'bar';
  entity: string;
  groupBy: string;
  /** Leave out to count records. The field's type must offer the aggregation (FieldType.aggregations). */
  value?: { fn: 'sum' | 'avg' | 'min' | 'max'; field: string };
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
  /** `value` as plotted (money in major units); `text` as the field shows it (a measured value only). */
  points: { key: string | null; label: string; value: number; text?: string }[];
}
