import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express } from 'express';
import { openApiDocument } from '@segflow/contract';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '../api-reference');
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The API table as OpenAPI 3.1, built once: it changes only with the code. */
export function openApiRoutes(): Router {
  const router = Router();
  let document: ReturnType<typeof openApiDocument> | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument();
    res.json(document);
  });
  return router;
}

/**
 * The API reference page at /docs/api/: Swagger UI's own files (from its package,
 * never a CDN) rendering /api/openapi.json. Public, like the document it shows.
 */
export function serveApiReference(app: Express): void {
  // Without strict routing this is /docs/api and /docs/api/ alike; the page names its files by absolute paths.
  app.get('/docs/api', (_req, res) => res.setHeader('Cache-Control', 'no-cache').sendFile(join(pageDir, 'index.html')));
  app.use('/docs/api', express.static(pageDir, { index: false }), express.static(swaggerUiDir, { index: false, fallthrough: false }));
}
