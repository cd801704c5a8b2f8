import { z } from 'zod';
import type { ServiceDeps } from '../app.js';
import { errorBodySchema } from '../schemas.js';
import { routes } from '../type-provider.js';

const statusSchema = z.object({ status: z.string() });

export const healthRoutes = routes<ServiceDeps>(async (app, deps) => {
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
        response: { 200: statusSchema, 503: errorBodySchema },
      },
    },
    async (_request, reply) => {
      if (await deps.store.ready()) return { status: 'ready' };
      return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: 'the store is unreachable or not migrated' });
    },
  );
});
