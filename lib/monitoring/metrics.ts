import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The web process's metrics, for GET /api/metrics (Prometheus text). One registry per process,
 * kept on globalThis (Next may load this module in several bundles).
 */
interface Metrics {
  registry: Registry;
  requestSeconds: Histogram<'method' | 'route' | 'status'>;
  requestErrors: Counter<'route' | 'status'>;
  dbSeconds: Histogram<'command' | 'outcome'>;
}

const holder = globalThis as unknown as { __salesflowMetrics?: Metrics };

export function metrics(): Metrics {
  if (!holder.__salesflowMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'salesflow_web_' });
    holder.__salesflowMetrics = {
      registry,
      requestSeconds: new Histogram({
        name: 'salesflow_http_request_duration_seconds',
        help: 'API request latency by route',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
      requestErrors: new Counter({ name: 'salesflow_http_errors_total', help: 'API answers with a 4xx or 5xx status, by route', labelNames: ['route', 'status'], registers: [registry] }),
      dbSeconds: new Histogram({
        name: 'salesflow_db_command_duration_seconds',
        help: 'Database command latency by command',
        labelNames: ['command', 'outcome'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
        registers: [registry],
      }),
    };
  }
  return holder.__salesflowMetrics;
}

/**
 * A request path as a route label: record ids and other generated keys become ":id", so
 * the label keeps a bounded set of values (entity keys stay: admins define a handful).
 */
export function routeLabel(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[0-9a-f]{24}$/.test(segment) || (/\d/.test(segment) && segment.length >= 8) ? ':id' : segment))
    .join('/');
}

export function observeRequest(method: string, path: string, status: number, seconds: number): void {
  const route = routeLabel(path);
  const { requestSeconds, requestErrors } = metrics();
  requestSeconds.observe({ method, route, status: String(status) }, seconds);
  if (status >= 400) requestErrors.inc({ route, status: String(status) });
}

export function observeDbCommand(command: string, seconds: number, ok: boolean): void {
  metrics().dbSeconds.observe({ command, outcome: ok ? 'ok' : 'error' }, seconds);
}
