import type { z } from 'zod';
import type { Access } from './access.ts';

/** An answer that is not JSON: a download (CSV, a document file) or a stream of server-sent events. */
export interface NonJsonReply {
  mediaType: 'text/csv' | 'application/json' | 'text/event-stream';
  description: string;
  /** For event streams: the shape of each event's data. */
  event?: z.ZodType;
}

/** No body: 204. */
export const NO_CONTENT = null;

/** A response: a JSON body's schema, a non-JSON reply, or no body. */
export type Reply = z.ZodType | NonJsonReply | null;

/**
 * One row of the API table: everything the server checks and the OpenAPI
 * document tells about an endpoint. The key (`METHOD /api/path`, express
 * syntax) is the route; see ENDPOINTS.
 */
export interface Endpoint {
  summary: string;
  /** The group the reference page files it under. */
  tag: string;
  /** The least role that may call it (the policy table is read from here). */
  role: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body's schema, or `upload` for a multipart file upload. */
  body?: z.ZodType | 'upload';
  /**
   * Answers by status; every endpoint may also answer the error envelope. A 503 here is an
   * answer that is not an error envelope (health: the same report, unhealthy).
   */
  responses: Partial<Record<200 | 201 | 202 | 204 | 503, Reply>>;
}

export const isNonJson = (reply: Reply): reply is NonJsonReply => reply !== null && 'mediaType' in reply;

/** Keeps the literal keys and each row's exact schemas, so types can be read back per endpoint. */
export const endpoints = <const T extends Record<string, Endpoint>>(table: T): T => table;
