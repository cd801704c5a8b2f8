import type { ServiceDeps } from '../app.js';
import { routes } from '../type-provider.js';

export const metricsRoutes = routes<ServiceDeps>(async (app, deps) => {
  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)', produces: ['text/plain'] } },
    async (_request, reply) => {
      const text = deps.metrics.render(await deps.store.metrics(), deps.manager.activeCount);
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );
});
