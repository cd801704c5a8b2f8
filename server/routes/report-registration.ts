// Registers the reports engineer's HTML report routes (/scans/:id/report and /report).
import type { FastifyInstance } from 'fastify';
import { reportRoutes, type ReportRouteOptions } from './report.js';

export async function registerReportRoutes(app: FastifyInstance, options: ReportRouteOptions): Promise<void> {
  await app.register(reportRoutes, options);
}
