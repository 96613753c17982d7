import { z } from 'zod';
import { ROLES } from './roles.ts';

/** Loose on purpose (`admin@localhost` is fine); compared without case. */
export const emailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

/** Long enough to resist guessing, short enough not to be a denial of service. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters');

export const roleSchema = z.enum(ROLES);

export const newUserSchema = z.object({ email: emailSchema, password: passwordSchema, role: roleSchema });
