import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The admin the e2e server starts with (SEGFLOW_ADMIN_EMAIL / _PASSWORD), used only
 * by this throwaway server on a temporary data directory.
 */
export const E2E_ADMIN = { email: 'e2e-admin@segflow.test', password: 'e2e-admin-password' } as const;

/**
 * Where the signed-in browser state is kept between the setup project and the
 * specs: one file per server port, outside test-results (which every run empties
 * at its start), so two runs on one machine do not sign each other out.
 */
export const ADMIN_STATE = join(tmpdir(), `segflow-e2e-${process.env.SEGFLOW_E2E_PORT ?? 4173}-admin.json`);
