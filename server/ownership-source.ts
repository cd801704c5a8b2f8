// The ownership a scan applies: teams and sinks from the configuration file; routing rules from the file,
// or, once set through PUT /routes, from the store (replacing the file's until DELETE /routes).
import { z } from 'zod';
import type { Finding } from '../checks/types.js';
import { ownershipSchema, type OwnershipConfig } from '../notify/config.js';
import { routeRuleSchema, type RouteRule } from '../notify/routing.js';
import { ownerRouter } from '../scanner/ownership.js';
import type { Store } from '../store/types.js';

export const ROUTES_SETTING = 'ownership.routes';

export interface EffectiveRoutes {
  source: 'file' | 'api';
  updatedAt: string | null;
  routes: RouteRule[];
}

export interface OwnershipSource {
  /** The file's ownership section (teams, sinks, default team), or undefined without one. */
  readonly file: OwnershipConfig | undefined;
  routes(): Promise<EffectiveRoutes>;
  /** The file's section with the effective routes; undefined when neither defines anything. */
  config(): Promise<OwnershipConfig | undefined>;
  router(): Promise<((f: Finding) => string) | undefined>;
  /** Validates rules against the configured teams; throws RoutesError naming each bad field. */
  validate(input: unknown): RouteRule[];
}

export class RoutesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutesError';
  }
}

const bodySchema = z.object({ routes: z.array(routeRuleSchema).max(1000, 'at most 1000 rules') }).strict();

export function ownershipSource(store: Store, file: OwnershipConfig | undefined): OwnershipSource {
  const teams = new Set(file?.teams.map((t) => t.name) ?? []);
  const source: OwnershipSource = {
    file,
    async routes() {
      const stored = await store.getSetting(ROUTES_SETTING);
      if (!stored) return { source: 'file', updatedAt: null, routes: file?.routes ?? [] };
      // Stored rules were validated when put; a rule that no longer parses is dropped rather than stopping scans.
      const parsed = z.array(routeRuleSchema).safeParse(stored.value);
      return { source: 'api', updatedAt: stored.updatedAt, routes: parsed.success ? parsed.data : [] };
    },
    async config() {
      const { routes } = await source.routes();
      if (!file && routes.length === 0) return undefined;
      return { ...(file ?? ownershipSchema.parse({})), routes };
    },
    async router() {
      return ownerRouter(await source.config());
    },
    validate(input) {
      const result = bodySchema.safeParse(input);
      const problems: string[] = [];
      if (!result.success) {
        for (const issue of result.error.issues) problems.push(`${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`);
      } else {
        result.data.routes.forEach((r, i) => {
          if (!teams.has(r.team)) problems.push(`routes.${i}.team: unknown team ${JSON.stringify(r.team)} (teams are defined in the configuration file: ${[...teams].join(', ') || 'none'})`);
        });
      }
      if (problems.length > 0) throw new RoutesError(`invalid routing rules: ${problems.join('; ')}`);
      return result.data!.routes;
    },
  };
  return source;
}
