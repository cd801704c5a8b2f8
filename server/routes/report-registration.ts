// Registers the reports engineer's HTML report routes (/scans/:id/report and /report).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import { reportRoutes } from './report.js';

export async function registerReportRoutes(app: FastifyInstance, store: Store): Promise<void> {
  await app.register(reportRoutes, { store });
}
