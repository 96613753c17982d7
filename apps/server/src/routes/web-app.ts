import { join } from 'node:path';
import express, { type Express } from 'express';

/**
 * Serves the built web app, and index.html for any other GET outside /api so
 * the client-side router can take deep links. Hashed assets (assets/) are
 * cached for long; index.html never, so a new build is picked up at once.
 */
export function serveWebApp(app: Express, webDir: string): void {
  app.use('/assets', express.static(join(webDir, 'assets'), { maxAge: '1y', immutable: true, fallthrough: false }));
  app.use(express.static(webDir, { index: false }));
  app.get('/{*splat}', (req, res, next) => {
    if (req.path.startsWith('/api/') || req.path === '/api') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(webDir, 'index.html'));
  });
}
