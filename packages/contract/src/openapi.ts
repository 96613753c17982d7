import { z } from 'zod';
import type { Endpoint, Reply } from './endpoint.ts';
import { isNonJson } from './endpoint.ts';
import { ENDPOINTS } from './endpoints.ts';
import { errorEnvelope, ERROR_CODES } from './values/common.ts';

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12, which OpenAPI 3.1 takes as it is; what a client sends is read as input, what it gets as output. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  return rest;
}

/** `/api/workflows/:id` → `/api/workflows/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function parameters(endpoint: Endpoint) {
  const list: JsonSchema[] = [];
  for (const [where, object] of [['path', endpoint.params], ['query', endpoint.query]] as const) {
    if (!object) continue;
    for (const [name, field] of Object.entries(object.shape as Record<string, z.ZodType>)) {
      const optional = where === 'query' && field.safeParse(undefined).success;
      list.push({ name, in: where, required: !optional, schema: jsonSchema(field, 'input') });
    }
  }
  return list;
}

function requestBody(endpoint: Endpoint) {
  if (!endpoint.body) return undefined;
  if (endpoint.body === 'upload')
    return {
      required: true,
      content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } }, required: ['file'] } } },
    };
  // The server reads a missing body as `{}`: a body whose fields are all optional may be left out.
  return { required: !endpoint.body.safeParse({}).success, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } };
}

function response(status: number, reply: Reply) {
  if (reply === null) return { description: status === 204 ? 'Done; no content.' : 'No content.' };
  if (isNonJson(reply)) {
    const schema = reply.event ? { type: 'string', description: 'Lines of `id:` and `data:` (each data a JSON event).', contentSchema: jsonSchema(reply.event, 'output') } : { type: 'string' };
    return { description: reply.description, content: { [reply.mediaType]: { schema } } };
  }
  return { description: 'Success.', content: { 'application/json': { schema: jsonSchema(reply, 'output') } } };
}

const errorResponse = { description: 'An error: the code says what went wrong, the message says it in words.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

function operation(key: string, endpoint: Endpoint) {
  const responses: Record<string, unknown> = {};
  for (const [status, reply] of Object.entries(endpoint.responses)) responses[status] = response(Number(status), reply as Reply);
  responses.default = errorResponse;
  const body = requestBody(endpoint);
  return {
    operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    summary: endpoint.summary,
    tags: [endpoint.tag],
    ...(endpoint.role === 'public' ? { security: [] } : { description: `Needs the ${endpoint.role} role or above.` }),
    'x-segflow-role': endpoint.role,
    parameters: parameters(endpoint),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the whole API, built from the API table. */
export function openApiDocument(table: Record<string, Endpoint> = ENDPOINTS, info: { version: string } = { version: '1' }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, endpoint] of Object.entries(table)) {
    const [method, path] = key.split(' ');
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation(key, endpoint);
  }
  const codes = Object.entries(ERROR_CODES).map(([code, meaning]) => `- \`${code}\`: ${meaning}`).join('\n');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Segflow API',
      version: info.version,
      description: `Design customer segments as workflows, preview them, publish versions and run them.\n\nSign in with a session (POST /api/auth/login) or send an API token as \`Authorization: Bearer\`. Errors:\n\n${codes}`,
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { token: [] }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorEnvelope, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'segflow_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
