import type { FastifyPluginAsync } from 'fastify';
import { CHECKS } from '../../checks/index.js';
import type { ServiceDeps } from '../app.js';

export const checkRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  app.get(
    '/checks',
    {
      schema: {
        tags: ['checks'],
        summary: 'The check registry: metadata of every check, and whether the configured scope runs it',
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: { id: { type: 'string' }, title: { type: 'string' }, service: { type: 'string' }, severity: { type: 'string' }, enabled: { type: 'boolean' } },
                },
              },
            },
          },
        },
      },
    },
    async () => ({
      items: CHECKS.map((c) => ({
        id: c.id,
        title: c.title,
        service: c.service,
        scope: c.scope,
        severity: c.severity,
        frameworks: c.frameworks,
        permissions: c.permissions,
        remediation: c.remediation,
        enabled: !deps.baseRequest.checks?.length || deps.baseRequest.checks.includes(c.id),
      })),
    }),
  );
};
