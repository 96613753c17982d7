import { Router } from 'express';
import { isConnectionName, parsePostgresUrl } from '@segflow/engine';
import { listWarehouseTables } from '@segflow/engine/node';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import { actorOf, signedIn } from '../auth/guard.ts';
import type { CredentialKind } from '../store/credentials.store.ts';
import { connectionBody, credentialParams, secretBody } from '@segflow/contract';

/**
 * Connections (database URLs) and secrets (header values) that documents name.
 * An admin adds and deletes them; editors list the names to pick one. A value
 * is never answered back, not even to an admin: it was typed once, and lives
 * encrypted in the store.
 */
export function credentialRoutes(ctx: AppContext): Router {
  const router = Router();
  const { credentials, auth } = ctx;

  const routesFor = (kind: CredentialKind, path: string, plural: string, read: (body: unknown) => { name: string; value: string }) => {
    router.get(`/${path}`, (_req, res) => {
      res.json({ [plural]: credentials.list(kind) });
    });

    router.post(`/${path}`, (req, res) => {
      const principal = signedIn(req);
      const { name, value } = read(req.body ?? {});
      if (!credentials.create(kind, name, value, principal.user.id)) throw new HttpError(409, 'already_exists', `There is a ${kind} named "${name}" already: delete it first to replace it.`);
      auth.audit.record({ actor: actorOf(principal), action: `${kind}.create`, target: name });
      res.status(201).location(`/api/${path}/${name}`).json(credentials.get(kind, name));
    });

    router.delete(`/${path}/:name`, (req, res) => {
      const principal = signedIn(req);
      const { name } = parseWith(credentialParams, req.params, 'params');
      if (!credentials.remove(kind, name)) throw notFound(`The ${kind} "${name}"`);
      auth.audit.record({ actor: actorOf(principal), action: `${kind}.delete`, target: name });
      res.status(204).end();
    });
  };

  routesFor('connection', 'connections', 'connections', (body) => {
    const { name, url } = parseWith(connectionBody, body, 'body');
    // The address policy of destinations is for URLs written in documents: here an admin chooses the host
    // (a warehouse on a private address needs no allow-list). Sockets and file-reading parameters stay refused.
    const refused = isConnectionName(url) ? 'The database connection must be a postgres:// URL.' : parsePostgresUrl(url).problem;
    if (refused) throw new HttpError(400, 'invalid_request', refused);
    return { name, value: url };
  });
  // Editors pick a source's table by name: the catalog is read with the stored URL, which never leaves the server.
  router.get('/connections/:name/tables', async (req, res) => {
    const { name } = parseWith(credentialParams, req.params, 'params');
    if (!credentials.get('connection', name)) throw notFound(`The connection "${name}"`);
    const listed = await listWarehouseTables(name, credentials.resolver());
    if ('problem' in listed) throw new HttpError(502, 'warehouse_unreachable', `Cannot list the tables: ${listed.problem}`);
    res.json(listed);
  });
  routesFor('secret', 'secrets', 'secrets', (body) => {
    const { name, value } = parseWith(secretBody, body, 'body');
    return { name, value };
  });

  return router;
}
