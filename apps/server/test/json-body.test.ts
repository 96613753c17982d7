import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../src/http/error-handler.ts';
import { httpServer } from '../src/http/http-server.ts';
import { bodyKey, lazyJsonBody, rawBody } from '../src/http/json-body.ts';

describe('lazy JSON bodies', () => {
  let url: string;
  let close: () => void;
  const parsed: string[] = [];
  beforeAll(async () => {
    const app = express();
    app.use(lazyJsonBody(app, '1kb'));
    // Answers from the bytes alone, without parsing them.
    app.post('/key', (req, res) => void res.json({ key: bodyKey(req), bytes: rawBody(req)?.length, own: Object.keys(req).includes('body') }));
    app.post('/parsed', (req, res) => {
      parsed.push(JSON.stringify(req.body));
      res.json({ body: req.body, again: req.body === req.body });
    });
    app.post('/replaced', (req, res) => {
      req.body = { replaced: true };
      res.json({ body: req.body });
    });
    app.use(errorHandler(pino({ level: 'silent' }), '1kb'));
    const server = httpServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = async (path: string, body: string, type = 'application/json') => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('keeps the bytes and their key, parsing them only when a handler reads the body', async () => {
    const answer = await post('/key', '{"a":1}');
    expect(answer).toEqual({ status: 200, body: { key: expect.stringMatching(/^raw:/), bytes: 7, own: false } });
    expect(parsed).toEqual([]);
    expect((await post('/key', '{"a":1}')).body.key).toBe(answer.body.key);
    expect((await post('/key', '{"a":2}')).body.key).not.toBe(answer.body.key);
  });

  it('parses once, lets a handler replace the body, and refuses what is not a JSON object or array', async () => {
    expect(await post('/parsed', '{"a":[1,2]}')).toEqual({ status: 200, body: { body: { a: [1, 2] }, again: true } });
    expect(await post('/replaced', '{"a":1}')).toEqual({ status: 200, body: { body: { replaced: true } } });
    expect((await post('/parsed', '"text"')).body.error.code).toBe('invalid_json');
    expect((await post('/parsed', '{"a":')).body.error).toMatchObject({ code: 'invalid_json', message: 'The request body is not valid JSON.' });
    expect((await post('/parsed', 'null')).body.error).toMatchObject({ code: 'invalid_json', message: 'The request body must be a JSON object or list, not null.' });
    expect((await post('/parsed', ' 12')).body.error.message).toBe('The request body must be a JSON object or list, not a bare number.');
    expect((await post('/parsed', JSON.stringify({ long: 'x'.repeat(2000) }))).status).toBe(413);
    // Not JSON: no body at all.
    expect(await post('/parsed', 'a=1', 'application/x-www-form-urlencoded')).toEqual({ status: 200, body: { again: true } });
  });
});
