import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Finding } from '../../checks/types.js';
import { csvRowsAsync } from '../../reports/csv.js';
import type { ScanRecord, Store } from '../../store/types.js';
import { storeFor } from '../token-scope.js';
import type { ServiceDeps } from '../app.js';
import { notFound } from '../errors.js';
import { findingFilter, findingQuerySchema, type FindingQuery } from '../query.js';
import { errorBodySchema, openObject, scanParams } from '../schemas.js';
import { routes } from '../type-provider.js';
import { requireScan } from './scans.js';

const findingPageSchema = {
  200: z.object({
    scanId: z.string(),
    items: z.array(openObject<Finding>({}, 'A finding (see the README)')),
    nextCursor: z.string().nullable(),
  }),
  400: errorBodySchema,
  404: errorBodySchema,
};

export const findingRoutes = routes<ServiceDeps>(async (app, deps) => {
  async function answer(store: Store, scan: ScanRecord, query: FindingQuery, reply: FastifyReply) {
    const filter = findingFilter(query);
    if (query.format === 'csv') {
      const stream = Readable.from(csvRowsAsync(store.iterateFindings(scan.id, filter)));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orgscan-${scan.id}-findings.csv"`)
        .send(stream);
    }
    const page = await store.listFindings(scan.id, filter, { limit: query.limit, cursor: query.cursor, order: query.sort });
    return reply.send({ scanId: scan.id, items: page.items, nextCursor: page.nextCursor });
  }

  app.get(
    '/scans/:id/findings',
    {
      schema: {
        tags: ['findings'],
        summary: "A scan's findings, filtered, with cursor pagination (or all of them as CSV)",
        params: scanParams,
        querystring: findingQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: findingPageSchema,
      },
    },
    async (request, reply) => {
      const store = storeFor(request, deps.store);
      return answer(store, await requireScan({ ...deps, store }, request.params.id), request.query, reply);
    },
  );

  app.get(
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
      const store = storeFor(request, deps.store);
      const scan = await store.latestFinishedScan();
      if (!scan) throw notFound('no scan has finished yet: start one with POST /scans');
      return answer(store, scan, request.query, reply);
    },
  );
});
