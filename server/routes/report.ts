// GET /scans/:id/report and GET /report (the latest succeeded scan): the HTML report.
// The page's summary is rendered here; its findings table pages through GET /scans/:id/findings.
// `?download=1` answers the standalone file instead (findings embedded), for attaching to tickets.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Finding } from '../../checks/types.js';
import { expiringSuppressions, expiringUnavailable } from '../../reports/expiring.js';
import { renderReportHtml, reportCsp } from '../../reports/html/page.js';
import { loadReportData } from '../../reports/load.js';
import type { ExpiringSuppressions } from '../../reports/types.js';
import type { ScanRecord, Store } from '../../store/types.js';
import { errorBodySchema, scanParams } from '../schemas.js';
import type { SuppressionSource } from '../suppression-source.js';
import { routes } from '../type-provider.js';
import { reportView } from '../token-scope.js';

export interface ReportRouteOptions {
  store: Store;
  /** Prefix of the API as the browser sees it, when the service sits under a path (default ''). */
  apiBase?: string;
  /** The file and API suppression rules; the report lists those expiring within 14 days. */
  suppressions?: SuppressionSource | undefined;
  now?: (() => Date) | undefined;
}

const querySchema = z.strictObject({
  download: z.enum(['1', 'true', '0', 'false']).optional().describe('Answer the standalone HTML file (findings embedded) as an attachment.'),
  owner: z.string().regex(/^[\w.-]{1,64}$/).optional().describe("Only this team's findings (the link in team notifications)"),
});

function errorBody(statusCode: number, message: string) {
  return { statusCode, error: statusCode === 404 ? 'Not Found' : 'Conflict', message };
}

const isTrue = (v: string | undefined) => v === '1' || v === 'true';

function fileName(id: string): string {
  return `orgscan-report-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.html`;
}

export const reportRoutes = routes<ReportRouteOptions>(async (app, opts) => {
  const { store } = opts;
  const now = opts.now ?? (() => new Date());

  /** A suppression file that fails to load must not take the report down: log it, say so in the page. */
  async function expiring(request: FastifyRequest, findings: Finding[], narrowed: boolean): Promise<ExpiringSuppressions | undefined> {
    if (!opts.suppressions) return undefined;
    try {
      const { file, api } = await opts.suppressions.rules();
      const all = expiringSuppressions([...file, ...api], now(), findings);
      // A team's view (?owner=, a scoped token) lists only the rules that muted its own findings: the
      // others name other teams' accounts, resources and reasons.
      return narrowed ? { ...all, rules: all.rules.filter((r) => r.muted > 0) } : all;
    } catch (err) {
      request.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'suppression rules could not be read; the report omits the expiring rules');
      return expiringUnavailable();
    }
  }

  async function send(request: FastifyRequest, reply: FastifyReply, scan: ScanRecord, download: boolean, view: Store, owner?: string): Promise<FastifyReply> {
    if (scan.status === 'queued') return reply.code(409).send(errorBody(409, `scan ${scan.id} has not started yet`));
    const narrowed = owner !== undefined || request.scope !== undefined;
    // The diff needs what the scan evaluated (its accounts and errors), which a team's view of the scan omits.
    const evaluated = narrowed ? ((await store.getScan(scan.id)) ?? scan) : scan;
    const data = await loadReportData(view, scan, evaluated);
    const input = { scan, findings: data.findings, diff: data.diff, trend: data.trend, expiringSuppressions: await expiring(request, data.findings, narrowed) };
    const mode = download ? 'standalone' : 'service';
    const html = download ? renderReportHtml(input) : renderReportHtml(input, { mode: 'service', apiBase: opts.apiBase ?? '', signedIn: request.authVia === 'session', owner });
    void reply
      .type('text/html; charset=utf-8')
      // Replaces helmet's policy for this page: only the page's own script and stylesheet run.
      .header('content-security-policy', reportCsp(mode))
      .header('cache-control', 'no-store');
    if (download) void reply.header('content-disposition', `attachment; filename="${fileName(scan.id)}"`);
    return reply.send(html);
  }

  app.get(
    '/scans/:id/report',
    {
      schema: {
        tags: ['reports'],
        summary: 'HTML report of a scan',
        params: scanParams,
        querystring: querySchema,
        response: { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const view = reportView(request, store, request.query.owner);
      const scan = view && (await view.getScan(request.params.id));
      if (!view || !scan) return reply.code(404).send(errorBody(404, `no scan with id ${request.params.id}`));
      return send(request, reply, scan, isTrue(request.query.download), view, request.query.owner);
    },
  );

  app.get(
    '/report',
    {
      schema: {
        tags: ['reports'],
        summary: 'HTML report of the latest succeeded scan',
        querystring: querySchema,
        response: { 400: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const view = reportView(request, store, request.query.owner);
      const scan = view && (await view.latestFinishedScan());
      if (!view || !scan) return reply.code(404).send(errorBody(404, 'no scan has succeeded yet'));
      return send(request, reply, scan, isTrue(request.query.download), view, request.query.owner);
    },
  );
});
