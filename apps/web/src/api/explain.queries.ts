import { explanationSchema, type ExplanationView } from '@segflow/contract';
import { request, seg } from './http.ts';

/** A key as typed: a plain whole number is sent as a number (number keys), anything else as text. */
export const keyValue = (typed: string): string | number => (/^(0|-?[1-9]\d{0,14})$/.test(typed.trim()) ? Number(typed.trim()) : typed.trim());

/** Why a customer of the workflow's own data is in or out of every step of the published version. */
export const explainCustomer = (workflowId: string, key: string, signal?: AbortSignal): Promise<ExplanationView> =>
  request(`/api/workflows/${seg(workflowId)}/explain`, explanationSchema, { method: 'POST', json: { key: keyValue(key) }, signal });
