import { storeFor } from '../token-scope.js';
import { z } from 'zod';
import type { Finding } from '../../checks/types.js';
import { diffCounts, diffFindings } from '../../reports/diff.js';
import { safeErrorMessage } from '../../scanner/errors.js';
import { SCAN_STATUSES, type ScanRecord, type ScanStatus } from '../../store/types.js';
import type { ServiceDeps } from '../app.js';
import { badRequest, conflict, HttpError, notFound } from '../errors.js';
import { parseList } from '../query.js';
import { errorBodySchema, line, openObject, pageSize, scanId, scanParams } from '../schemas.js';
import { routes, schemaRegistry } from '../type-provider.js';
import { baselineRefusal, diffRefusal } from '../latest-scope.js';
import { NotAcceptingError } from '../scan-manager.js';
import { narrowScope, scopeKey, ScopeError } from '../scope.js';

const stringList = (description: string) => z.array(line(128).min(1)).min(1).max(1000).describe(description);

export const scanSchema = openObject<ScanRecord>({
  outcome: z.string().describe('One line: complete, or PARTIAL/FAILED SCAN with how much was evaluated'),
  id: z.string(),
  status: z.enum(SCAN_STATUSES),
  coverage: z.looseObject({}).nullable().describe('accounts, units and check evaluations: planned and evaluated'),
  source: z.enum(['api', 'queue', 'cli']),
  scope: z.looseObject({}),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: z.looseObject({}).describe('unitsDone/unitsTotal, accounts, API calls, errors, findings'),
  errors: z.array(z.looseObject({})).describe('Per-account and per-check errors'),
  counts: z.looseObject({}),
});
schemaRegistry.add(scanSchema, { id: 'Scan' });

export async function requireScan(deps: ServiceDeps, id: string): Promise<ScanRecord> {
  const scan = await deps.store.getScan(id);
  if (!scan) throw notFound(`scan ${id} not found`);
  return scan;
}

type DiffAnswer = { scanId: string; againstScanId: string | null; counts: ReturnType<typeof diffCounts> } & ReturnType<typeof diffFindings>;

async function collect(iterable: AsyncIterable<Finding>): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const f of iterable) out.push(f);
  return out;
}

export const scanRoutes = routes<ServiceDeps>(async (app, deps) => {
  app.post(
    '/scans',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['scans'],
        summary: 'Start a scan of the configured scope, optionally narrowed',
        description:
          'Returns 202 with the scan and a Location header. A scan of the same scope already queued or running is returned instead of starting another; ' +
          'a repeated Idempotency-Key returns the scan it created. 429 with Retry-After when too many scans already wait to run.',
        // Loose: the other headers of the request stay as they are.
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional() }),
        body: z
          .strictObject({
            accounts: stringList('12-digit account ids within the configured scope').optional(),
            regions: stringList('Region names within the configured scope').optional(),
            checks: stringList('Check ids (see GET /checks)').optional(),
          })
          .nullable(),
        response: {
          202: z.object({
            created: z.boolean().describe('false when an existing scan is returned'),
            reason: z.enum(['same-scope-active', 'idempotency-key']).nullable(),
            scan: scanSchema,
          }),
          400: errorBodySchema,
          422: errorBodySchema,
          429: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      let scope;
      try {
        scope = await narrowScope(deps.baseRequest, body, deps.organizationAccounts);
      } catch (err) {
        if (err instanceof ScopeError) throw err;
        request.log.error({ err: safeErrorMessage(err) }, 'cannot list the organization accounts');
        throw new HttpError(503, `cannot verify the requested accounts against the organization: ${safeErrorMessage(err)}`);
      }
      const idempotencyKey = request.headers['idempotency-key'];
      let result;
      try {
        result = await deps.manager.submit({ scope, source: 'api', idempotencyKey });
      } catch (err) {
        if (err instanceof NotAcceptingError) throw new HttpError(503, err.message);
        throw err;
      }
      if (!result.created && result.reason === 'idempotency-key' && result.scan.scopeKey !== scopeKey(scope)) {
        throw new HttpError(422, `Idempotency-Key ${JSON.stringify(idempotencyKey)} was already used for scan ${result.scan.id} with a different scope`);
      }
      request.log.info({ scanId: result.scan.id, created: result.created, reason: result.created ? null : result.reason }, 'scan requested');
      return reply
        .code(202)
        .header('location', `/scans/${result.scan.id}`)
        .send({ created: result.created, reason: result.created ? null : result.reason, scan: result.scan });
    },
  );

  app.get(
    '/scans',
    {
      schema: {
        tags: ['scans'],
        summary: 'Scans, newest first, with cursor pagination',
        querystring: z.strictObject({
          limit: pageSize(1000).default(50),
          cursor: line(64).min(1).optional(),
          status: line(200).optional().describe(`Comma-separated: ${SCAN_STATUSES.join(', ')}`),
        }),
        response: {
          200: z.object({ items: z.array(scanSchema), nextCursor: z.string().nullable() }),
          400: errorBodySchema,
        },
      },
    },
    async (request) => {
      const status = parseList(request.query.status, 'status', SCAN_STATUSES) as ScanStatus[] | undefined;
      return storeFor(request, deps.store).listScans({ status }, { limit: request.query.limit, cursor: request.query.cursor });
    },
  );

  app.get(
    '/scans/:id',
    {
      schema: {
        tags: ['scans'],
        summary: 'One scan: status, progress (units done/total), per-account errors, timings',
        params: scanParams,
        response: { 200: scanSchema, 400: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => requireScan({ ...deps, store: storeFor(request, deps.store) }, request.params.id),
  );

  app.delete(
    '/scans/:id',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['scans'],
        summary: 'Cancel a queued or running scan (running units finish first)',
        params: scanParams,
        response: {
          202: z.object({ id: z.string(), status: z.string() }),
          400: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await deps.manager.cancel(id);
      switch (outcome) {
        case 'cancelling':
        case 'cancelled':
          request.log.info({ scanId: id, outcome }, 'scan cancellation requested');
          return reply.code(202).send({ id, status: outcome });
        case 'not-found':
          throw notFound(`scan ${id} not found`);
        case 'other-instance':
          throw conflict(`scan ${id} is running in another service instance; cancel it there`);
        case 'not-active': {
          const scan = await requireScan(deps, id);
          throw conflict(`scan ${id} has already ended (${scan.status})`);
        }
      }
    },
  );

  app.get(
    '/scans/:id/diff',
    {
      schema: {
        tags: ['scans'],
        summary: 'What changed against another scan (default: the previous finished scan of the same scope)',
        params: scanParams,
        querystring: z.strictObject({ against: scanId.optional() }),
        response: {
          200: openObject<DiffAnswer>({ scanId: z.string(), againstScanId: z.string().nullable(), counts: z.looseObject({}) }),
          400: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request) => {
      const scan = await requireScan(deps, request.params.id);
      const refusal = diffRefusal(scan);
      if (refusal) throw conflict(refusal);
      let against: ScanRecord | null;
      if (request.query.against !== undefined) {
        if (request.query.against === scan.id) throw badRequest('against must name a different scan');
        against = await deps.store.getScan(request.query.against);
        if (!against) throw notFound(`scan ${request.query.against} (against) not found`);
        const notBaseline = baselineRefusal(scan, against);
        if (notBaseline) throw conflict(notBaseline);
      } else {
        against = await deps.store.previousFinishedScan(scan.id);
      }
      const current = await collect(deps.store.iterateFindings(scan.id));
      // Only failing and erroring findings of the baseline matter to the diff.
      const previous = against ? await collect(deps.store.iterateFindings(against.id, { status: ['FAIL', 'ERROR'] })) : [];
      const diff = diffFindings(current, previous, { currentScan: scan });
      return { scanId: scan.id, againstScanId: against?.id ?? null, counts: diffCounts(diff), ...diff };
    },
  );
});
