import pino, { type DestinationStream } from 'pino';
import { requestContext } from '@/lib/monitoring/request-context';

/** Every line written while a request is served carries its id (reqId), so its lines can be found together. */
export function createLogger(destination?: DestinationStream) {
  return pino(
    {
      level: process.env.SALESFLOW_LOG_LEVEL || 'info',
      base: { service: process.env.SALESFLOW_SERVICE || 'web' },
      mixin: () => {
        const context = requestContext().getStore();
        return context ? { reqId: context.requestId } : {};
      },
    },
    destination,
  );
}

export const logger = createLogger();
