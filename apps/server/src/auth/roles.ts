// The roles are part of the API contract (the web app shows them, the API table names them).
export { ROLES, isRole, roleAtLeast, type Role } from '@segflow/contract';
