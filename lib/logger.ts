import pino from 'pino';

export const logger = pino({
  level: process.env.SALESFLOW_LOG_LEVEL || 'info',
  base: { service: process.env.SALESFLOW_SERVICE || 'web' },
});
