import { apiRoute } from '@/lib/http/api-route';
import { dashboardData } from '@/lib/dashboards/dashboard.service';

/** The dashboard with every chart's data, computed by database aggregation. */
export const GET = apiRoute<{ key: string }>(async ({ params, locale, actor }) => dashboardData(params.key, locale, actor));
