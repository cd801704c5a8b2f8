// REGISTRATION POINT for the reports engineer's `server/routes/report.ts` (`reportRoutes`, options { store }),
// which serves /scans/:id/report and /report. Loaded only when the module exists, so the service runs without it.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/types.js';

export async function registerReportRoutes(app: FastifyInstance, store: Store): Promise<boolean> {
  const specifier = './report.js';
  let mod: { reportRoutes?: FastifyPluginAsync<{ store: Store }> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Does the file exist/i.test(String(err))) {
      app.log.warn('server/routes/report.ts is not present: /scans/:id/report and /report are not served');
      return false;
    }
    throw err;
  }
  if (!mod.reportRoutes) throw new Error('server/routes/report.ts does not export reportRoutes');
  await app.register(mod.reportRoutes, { store });
  return true;
}
