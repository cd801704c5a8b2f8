import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps } from '../app.js';

const statusSchema = { type: 'object', properties: { status: { type: 'string' } } } as const;

export const healthRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  app.get(
    '/healthz',
    { config: { access: 'open', rateLimit: false }, schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: statusSchema } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'open', rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store answers and its migrations are applied',
        security: [],
        response: { 200: statusSchema, 503: { $ref: 'Error#' } },
      },
    },
    async (_request, reply) => {
      if (await deps.store.ready()) return { status: 'ready' };
      return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: 'the store is unreachable or not migrated' });
    },
  );
};
