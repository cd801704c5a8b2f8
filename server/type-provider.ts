// How every route states its types and JSON schemas once: as zod schemas, through fastify's type
// provider. Each routes module is a `routes(...)` plugin; the plugin brings its own validator and
// serializer, so it also works when registered on its own (as report tests do).
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * zod's global registry: `.describe()` writes descriptions there, so the document only shows them
 * when generated from it. Schemas added with an `id` become components, referenced by that id.
 */
export const schemaRegistry = z.globalRegistry;

/** The @fastify/swagger options that turn the routes' zod schemas into the OpenAPI document. */
export const openApiTransforms = {
  transform: createJsonSchemaTransform({ schemaRegistry, skipList: [] }),
  transformObject: createJsonSchemaTransformObject({ schemaRegistry }),
};

/** A routes module: a fastify plugin whose route schemas are zod schemas (request and reply types follow from them). */
export function routes<Options extends FastifyPluginOptions = Record<never, never>>(register: FastifyPluginAsyncZod<Options>): FastifyPluginAsync<Options> {
  return async (app, options) => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await register(app.withTypeProvider<ZodTypeProvider>(), options);
  };
}
