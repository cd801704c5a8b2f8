import type { FastifyPluginAsync } from 'fastify';
import type { Finding } from '../../checks/types.js';
import { diffCounts, diffFindings } from '../../reports/diff.js';
import { safeErrorMessage } from '../../scanner/errors.js';
import { SCAN_STATUSES, type ScanRecord, type ScanStatus } from '../../store/types.js';
import type { ServiceDeps } from '../app.js';
import { badRequest, conflict, HttpError, notFound } from '../errors.js';
import { parseList } from '../query.js';
import { baselineRefusal, diffRefusal } from '../latest-scope.js';
import { NotAcceptingError } from '../scan-manager.js';
import { narrowScope, scopeKey, ScopeError } from '../scope.js';

export const SCAN_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

const stringList = (description: string, itemPattern?: string) => ({
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  uniqueItems: false,
  description,
  items: { type: 'string', minLength: 1, maxLength: 128, ...(itemPattern ? { pattern: itemPattern } : {}) },
});

export const scanSchema = {
  $id: 'Scan',
  type: 'object',
  additionalProperties: true,
  properties: {
    outcome: { type: 'string', description: 'One line: complete, or PARTIAL/FAILED SCAN with how much was evaluated' },
    id: { type: 'string' },
    status: { type: 'string', enum: [...SCAN_STATUSES] },
    coverage: { type: ['object', 'null'], additionalProperties: true, description: 'accounts, units and check evaluations: planned and evaluated' },
    source: { type: 'string', enum: ['api', 'queue', 'cli'] },
    scope: { type: 'object', additionalProperties: true },
    createdAt: { type: 'string' },
    startedAt: { type: ['string', 'null'] },
    finishedAt: { type: ['string', 'null'] },
    progress: { type: 'object', additionalProperties: true, description: 'unitsDone/unitsTotal, accounts, API calls, errors, findings' },
    errors: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Per-account and per-check errors' },
    counts: { type: 'object', additionalProperties: true },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: SCAN_ID_PATTERN } } } as const;

export async function requireScan(deps: ServiceDeps, id: string): Promise<ScanRecord> {
  const scan = await deps.store.getScan(id);
  if (!scan) throw notFound(`scan ${id} not found`);
  return scan;
}

async function collect(iterable: AsyncIterable<Finding>): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const f of iterable) out.push(f);
  return out;
}

export const scanRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  app.addSchema(scanSchema);

  app.post<{ Body: { accounts?: string[]; regions?: string[]; checks?: string[] } | undefined; Headers: { 'idempotency-key'?: string } }>(
    '/scans',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['scans'],
        summary: 'Start a scan of the configured scope, optionally narrowed',
        description:
          'Returns 202 with the scan and a Location header. A scan of the same scope already queued or running is returned instead of starting another; ' +
          'a repeated Idempotency-Key returns the scan it created. 429 with Retry-After when too many scans already wait to run.',
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } },
        },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            accounts: stringList('12-digit account ids within the configured scope'),
            regions: stringList('Region names within the configured scope'),
            checks: stringList('Check ids (see GET /checks)'),
          },
        },
        response: {
          202: {
            type: 'object',
            properties: {
              created: { type: 'boolean', description: 'false when an existing scan is returned' },
              reason: { type: ['string', 'null'], enum: ['same-scope-active', 'idempotency-key', null] },
              scan: { $ref: 'Scan#' },
            },
          },
          400: { $ref: 'Error#' },
          422: { $ref: 'Error#' },
          429: { $ref: 'Error#' },
          503: { $ref: 'Error#' },
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

  app.get<{ Querystring: { limit?: number; cursor?: string; status?: string } }>(
    '/scans',
    {
      schema: {
        tags: ['scans'],
        summary: 'Scans, newest first, with cursor pagination',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
            cursor: { type: 'string', minLength: 1, maxLength: 64 },
            status: { type: 'string', maxLength: 200, description: `Comma-separated: ${SCAN_STATUSES.join(', ')}` },
          },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Scan#' } }, nextCursor: { type: ['string', 'null'] } } },
          400: { $ref: 'Error#' },
        },
      },
    },
    async (request) => {
      const status = parseList(request.query.status, 'status', SCAN_STATUSES) as ScanStatus[] | undefined;
      return deps.store.listScans({ status }, { limit: request.query.limit, cursor: request.query.cursor });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/scans/:id',
    {
      schema: {
        tags: ['scans'],
        summary: 'One scan: status, progress (units done/total), per-account errors, timings',
        params: idParams,
        response: { 200: { $ref: 'Scan#' }, 404: { $ref: 'Error#' } },
      },
    },
    async (request) => requireScan(deps, request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    '/scans/:id',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['scans'],
        summary: 'Cancel a queued or running scan (running units finish first)',
        params: idParams,
        response: {
          202: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
          404: { $ref: 'Error#' },
          409: { $ref: 'Error#' },
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

  app.get<{ Params: { id: string }; Querystring: { against?: string } }>(
    '/scans/:id/diff',
    {
      schema: {
        tags: ['scans'],
        summary: 'What changed against another scan (default: the previous finished scan of the same scope)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { against: { type: 'string', pattern: SCAN_ID_PATTERN } },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            properties: {
              scanId: { type: 'string' },
              againstScanId: { type: ['string', 'null'] },
              counts: { type: 'object', additionalProperties: true },
            },
          },
          404: { $ref: 'Error#' },
          409: { $ref: 'Error#' },
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
};
