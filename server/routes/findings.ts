import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { STATUSES, type Finding } from '../../checks/types.js';
import { csvRowsAsync } from '../../reports/csv.js';
import type { FindingFilter, ScanRecord, Store } from '../../store/types.js';
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
    items: z.array(openObject<Finding>({}, 'A finding (see docs/scanning.md)')),
    nextCursor: z.string().nullable(),
    total: z.number().int().nullable().describe('How many findings the filters select, on all pages; counted on the first page only (null with a cursor)'),
  }),
  400: errorBodySchema,
  404: errorBodySchema,
};

/** The total of a filter on status alone, from a finished scan's counts; null when it needs a count. */
function totalFromCounts(scan: ScanRecord, filter: FindingFilter): number | null {
  const { status, ...rest } = filter;
  if (scan.finishedAt === null || Object.values(rest).some((v) => v !== undefined)) return null;
  let total = 0;
  for (const st of status ?? STATUSES) total += scan.counts[st] ?? 0;
  return total;
}

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
    const [page, total] = await Promise.all([
      store.listFindings(scan.id, filter, { limit: query.limit, cursor: query.cursor, order: query.sort }),
      // Counting every match costs a pass over them: once per view, not once per page, and not at all
      // when the scan's own counts by status answer it (the unfiltered and the default "failing" views).
      query.cursor === undefined ? (totalFromCounts(scan, filter) ?? store.countFindings(scan.id, filter)) : Promise.resolve(null),
    ]);
    return reply.send({ scanId: scan.id, items: page.items, nextCursor: page.nextCursor, total });
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
