import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { csvRowsAsync } from '../../reports/csv.js';
import type { ScanRecord } from '../../store/types.js';
import type { ServiceDeps } from '../app.js';
import { notFound } from '../errors.js';
import { findingFilter, findingQuerySchema, type FindingQuery } from '../query.js';
import { requireScan, SCAN_ID_PATTERN } from './scans.js';

const findingPageSchema = {
  200: {
    type: 'object',
    properties: {
      scanId: { type: 'string' },
      items: { type: 'array', items: { type: 'object', additionalProperties: true, description: 'A finding (see the README)' } },
      nextCursor: { type: ['string', 'null'] },
    },
  },
  400: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
} as const;

export const findingRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  async function answer(scan: ScanRecord, query: FindingQuery, reply: FastifyReply) {
    const filter = findingFilter(query);
    if (query.format === 'csv') {
      const stream = Readable.from(csvRowsAsync(deps.store.iterateFindings(scan.id, filter)));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orgscan-${scan.id}-findings.csv"`)
        .send(stream);
    }
    const page = await deps.store.listFindings(scan.id, filter, { limit: query.limit, cursor: query.cursor });
    return reply.send({ scanId: scan.id, items: page.items, nextCursor: page.nextCursor });
  }

  app.get<{ Params: { id: string }; Querystring: FindingQuery }>(
    '/scans/:id/findings',
    {
      schema: {
        tags: ['findings'],
        summary: "A scan's findings, filtered, with cursor pagination (or all of them as CSV)",
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: SCAN_ID_PATTERN } } },
        querystring: findingQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: findingPageSchema,
      },
    },
    async (request, reply) => answer(await requireScan(deps, request.params.id), request.query, reply),
  );

  app.get<{ Querystring: FindingQuery }>(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'Findings of the latest finished scan, filtered, with cursor pagination (or CSV)',
        querystring: findingQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: findingPageSchema,
      },
    },
    async (request, reply) => {
      findingFilter(request.query); // bad filters are a 400 even before any scan has finished
      const scan = await deps.store.latestFinishedScan();
      if (!scan) throw notFound('no scan has finished yet: start one with POST /scans');
      return answer(scan, request.query, reply);
    },
  );
};
