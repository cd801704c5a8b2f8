import { z } from 'zod';
import { CHECKS } from '../../checks/index.js';
import type { ServiceDeps } from '../app.js';
import { openObject } from '../schemas.js';
import { routes } from '../type-provider.js';

type CheckItem = Pick<(typeof CHECKS)[number], 'id' | 'title' | 'service' | 'scope' | 'severity' | 'frameworks' | 'permissions' | 'remediation'> & { enabled: boolean };

const checkItem = openObject<CheckItem>({ id: z.string(), title: z.string(), service: z.string(), severity: z.string(), enabled: z.boolean() });

export const checkRoutes = routes<ServiceDeps>(async (app, deps) => {
  app.get(
    '/checks',
    {
      schema: {
        tags: ['checks'],
        summary: 'The check registry: metadata of every check, and whether the configured scope runs it',
        response: { 200: z.object({ items: z.array(checkItem) }) },
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
});
