import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { validateSuppressionRule } from '../../scanner/suppressions.js';
import type { ServiceDeps } from '../app.js';
import { conflict, notFound } from '../errors.js';

const ruleSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    checkId: { type: 'string' },
    accountId: { type: 'string' },
    region: { type: 'string' },
    resourceId: { type: 'string', description: 'Exact id or glob' },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    reason: { type: 'string' },
    expires: { type: 'string', description: 'YYYY-MM-DD (UTC, inclusive)' },
    owner: { type: 'string' },
  },
} as const;

const itemSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    source: { type: 'string', enum: ['file', 'api'] },
    createdAt: { type: ['string', 'null'] },
    rule: ruleSchema,
  },
} as const;

export const suppressionRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  app.get(
    '/suppressions',
    {
      schema: {
        tags: ['suppressions'],
        summary: 'Suppression rules: those of the configured file and those added through the API',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: itemSchema } } } },
      },
    },
    async () => {
      const { file } = await deps.suppressions.rules();
      const stored = await deps.store.listSuppressions();
      return {
        items: [
          ...file.map((rule) => ({ id: rule.id, source: 'file', createdAt: null, rule })),
          ...stored.map((s) => ({ id: s.id, source: 'api', createdAt: s.createdAt, rule: s.rule })),
        ],
      };
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/suppressions',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['suppressions'],
        summary: 'Add a suppression rule (mutes matching FAIL findings of later scans until it expires)',
        body: { ...ruleSchema, required: ['reason', 'expires'] },
        response: { 201: itemSchema, 400: { $ref: 'Error#' }, 409: { $ref: 'Error#' } },
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

  app.delete<{ Params: { id: string } }>(
    '/suppressions/:id',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['suppressions'],
        summary: 'Delete a suppression rule added through the API',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[\\w.:-]{1,64}$' } } },
        response: { 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } },
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
};
