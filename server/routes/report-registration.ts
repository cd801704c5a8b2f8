// Registers the HTML report routes (/scans/:id/report and /report), each build
// in a slot of the report gate (a bounded number at once; more get 429 with Retry-After).
import type { FastifyInstance } from 'fastify';
import { createReportGate, type ReportGate } from '../report-gate.js';
import { errorBodySchema } from '../schemas.js';
import { reportRoutes, type ReportRouteOptions } from './report.js';

export async function registerReportRoutes(app: FastifyInstance, options: ReportRouteOptions, gate: ReportGate = createReportGate()): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.handler = gate.wrap(route.handler);
      const schema = route.schema as { response?: Record<string, unknown> } | undefined;
      if (schema?.response) schema.response = { ...schema.response, 429: errorBodySchema };
    });
    await scope.register(reportRoutes, options);
  });
}
