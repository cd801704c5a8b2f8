import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { validateSuppressionRule } from '../../scanner/suppressions.js';
import type { ServiceDeps } from '../app.js';
import { conflict, notFound } from '../errors.js';
import { errorBodySchema, freeText, line, openObject } from '../schemas.js';
import { routes } from '../type-provider.js';

// The rule's meaning is checked by validateSuppressionRule; this schema documents it and keeps
// NUL bytes and control characters (which PostgreSQL refuses in JSON) out of every string.
const ruleFields = {
  id: line(64).optional(),
  checkId: line(128).optional(),
  accountId: line(12).optional(),
  region: line(64).optional(),
  resourceId: line(2048).optional().describe('Exact id or glob'),
  tags: z.record(line(128), line(256)).optional(),
  reason: freeText(2000),
  expires: line(10).describe('YYYY-MM-DD (UTC, inclusive)'),
  owner: line(256).optional(),
};
const ruleSchema = openObject<Record<string, unknown>>(ruleFields);
const ruleBody = z.looseObject(ruleFields);

const itemSchema = z.object({
  id: z.string(),
  source: z.enum(['file', 'api']),
  createdAt: z.string().nullable(),
  rule: ruleSchema,
});

export const suppressionRoutes = routes<ServiceDeps>(async (app, deps) => {
  app.get(
    '/suppressions',
    {
      schema: {
        tags: ['suppressions'],
        summary: 'Suppression rules: those of the configured file and those added through the API',
        response: { 200: z.object({ items: z.array(itemSchema) }) },
      },
    },
    async () => {
      const { file } = await deps.suppressions.rules();
      const stored = await deps.store.listSuppressions();
      return {
        items: [
          ...file.map((rule) => ({ id: rule.id, source: 'file' as const, createdAt: null, rule: { ...rule } })),
          ...stored.map((s) => ({ id: s.id, source: 'api' as const, createdAt: s.createdAt, rule: s.rule })),
        ],
      };
    },
  );

  app.post(
    '/suppressions',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['suppressions'],
        summary: 'Add a suppression rule (mutes matching FAIL findings of later scans until it expires)',
        body: ruleBody,
        response: { 201: itemSchema, 400: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const rule = validateSuppressionRule(request.body);
      const { file } = await deps.suppressions.rules();
      const existing = await deps.store.listSuppressions();
      if (file.some((r) => r.id === rule.id) || existing.some((s) => s.id === rule.id)) {
        throw conflict(`a suppression rule with id ${rule.id} already exists`);
      }
      const saved = await deps.store.addSuppression(rule as unknown as Record<string, unknown>, rule.id ?? randomUUID(), deps.now());
      request.log.info({ suppressionId: saved.id, role: request.role }, 'suppression rule added');
      return reply.code(201).header('location', `/suppressions/${saved.id}`).send({ id: saved.id, source: 'api', createdAt: saved.createdAt, rule: saved.rule });
    },
  );

  app.delete(
    '/suppressions/:id',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['suppressions'],
        summary: 'Delete a suppression rule added through the API',
        params: z.strictObject({ id: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : or -') }),
        response: { 204: z.undefined().describe('Deleted'), 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (await deps.store.deleteSuppression(id)) {
        request.log.info({ suppressionId: id, role: request.role }, 'suppression rule deleted');
        return reply.code(204).send();
      }
      const { file } = await deps.suppressions.rules();
      if (file.some((r) => r.id === id)) throw conflict(`suppression rule ${id} is defined in the suppression file; edit the file to remove it`);
      throw notFound(`suppression rule ${id} not found`);
    },
  );
});
