import { apiRoute } from '@/lib/http/api-route';
import { listDashboards } from '@/lib/dashboards/dashboard.service';

export const GET = apiRoute(async () => ({ items: await listDashboards() }));
