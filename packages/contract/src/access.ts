/**
 * Each role may do what the ones before it may, and more (issue 7). `evaluator`
 * is for a site calling the API server to server: it may only evaluate customers (issue #17).
 */
export const ROLES = ['evaluator', 'viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call an endpoint: anyone, or a signed-in user of this role or above. */
export type Access = 'public' | Role;

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Whether `role` is `least` or above it. */
export const roleAtLeast = (role: Role, least: Role) => ROLES.indexOf(role) >= ROLES.indexOf(least);
