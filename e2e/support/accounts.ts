/**
 * The admin the e2e server starts with (SEGFLOW_ADMIN_EMAIL / _PASSWORD), used only
 * by this throwaway server on a temporary data directory.
 */
export const E2E_ADMIN = { email: 'e2e-admin@segflow.test', password: 'e2e-admin-password' } as const;

/** Where the signed-in browser state is kept between the setup project and the specs. */
export const ADMIN_STATE = 'test-results/.auth/admin.json';
