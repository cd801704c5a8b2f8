// Teams, routing rules and each scan's notification delivery log.
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../domain/index.js';
import type { ServiceDeps } from '../app.js';
import { badRequest } from '../errors.js';
import { RoutesError, ROUTES_SETTING } from '../ownership-source.js';
import { errorBodySchema, openObject, scanParams } from '../schemas.js';
import { routes } from '../type-provider.js';
import { requireScan } from './scans.js';

const ruleSchema = openObject<Record<string, unknown>>({}, 'A routing rule: ouPath, accountId, accountName, accountTags, checkId, service, severity → team');
const routesAnswer = z.object({ source: z.enum(['file', 'api']), updatedAt: z.string().nullable(), items: z.array(ruleSchema) });

export const ownershipRoutes = routes<ServiceDeps>(async (app, deps) => {
  app.get(
    '/teams',
    {
      schema: {
        tags: ['ownership'],
        summary: 'Teams of the configuration file, their sinks (by type and target variable, never a secret) and the default team',
        response: {
          200: z.object({
            defaultTeam: z.string().nullable(),
            items: z.array(z.object({ name: z.string(), digest: z.boolean(), sinks: z.array(z.object({ type: z.string(), target: z.string() })) })),
          }),
        },
      },
    },
    async (request) => {
      const file = deps.ownership.file;
      // A scoped reader sees its own teams only.
      const visible = (file?.teams ?? []).filter((t) => !request.scope || request.scope.teams.includes(t.name));
      return {
        defaultTeam: request.scope ? null : (file?.defaultTeam ?? null),
        items: visible.map((t) => ({
          name: t.name,
          digest: t.digest,
          sinks: t.sinks.map((s) => ({
            type: s.type,
            target: s.type === 'email' ? s.to.join(', ') : s.type === 'file' ? s.path : `$${s.type === 'webhook' ? s.urlEnv : s.webhookUrlEnv}`,
          })),
        })),
      };
    },
  );

  app.get(
    '/routes',
    { schema: { tags: ['ownership'], summary: 'The routing rules later scans apply, in order (first match wins)', response: { 200: routesAnswer } } },
    async () => {
      const r = await deps.ownership.routes();
      return { source: r.source, updatedAt: r.updatedAt, items: r.routes };
    },
  );

  app.put(
    '/routes',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['ownership'],
        summary: "Replace the routing rules (they then take the place of the configuration file's until DELETE /routes)",
        body: z.looseObject({ routes: z.array(z.looseObject({})) }),
        response: { 200: routesAnswer, 400: errorBodySchema },
      },
    },
    async (request) => {
      let rules;
      try {
        rules = deps.ownership.validate(request.body);
      } catch (err) {
        if (err instanceof RoutesError) throw badRequest(err.message);
        throw err;
      }
      await deps.store.putSetting(ROUTES_SETTING, rules, deps.now());
      request.log.info({ rules: rules.length, role: request.role }, 'routing rules replaced');
      const r = await deps.ownership.routes();
      return { source: r.source, updatedAt: r.updatedAt, items: r.routes };
    },
  );

  app.delete(
    '/routes',
    {
      config: { access: 'operator' },
      schema: { tags: ['ownership'], summary: "Drop the rules set through the API: later scans use the configuration file's", response: { 204: z.undefined() } },
    },
    async (request, reply) => {
      await deps.store.deleteSetting(ROUTES_SETTING);
      request.log.info({ role: request.role }, 'routing rules reset to the configuration file');
      return reply.code(204).send();
    },
  );

  app.get(
    '/scans/:id/notifications',
    {
      schema: {
        tags: ['ownership'],
        summary: "A scan's notification deliveries: team, sink, status, attempts (no URL, no secret)",
        params: scanParams,
        response: {
          200: z.object({
            scanId: z.string(),
            items: z.array(
              z.object({
                team: z.string(),
                sink: z.string(),
                sinkIndex: z.number(),
                status: z.enum(DELIVERY_STATUSES),
                attempts: z.number(),
                httpStatus: z.number().nullable(),
                error: z.string().nullable(),
                newCount: z.number(),
                resolvedCount: z.number(),
                cameBackCount: z.number(),
                at: z.string(),
              }),
            ),
          }),
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const scan = await requireScan(deps, request.params.id);
      return { scanId: scan.id, items: await deps.store.listDeliveries(scan.id) };
    },
  );
});
