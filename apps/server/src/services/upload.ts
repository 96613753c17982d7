import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import { HttpError } from '../http/errors.ts';

export interface ReceivedFile {
  /** Where the bytes are now, under the data directory's tmp folder. */
  tmpPath: string;
  /** The name the client gave the file, unsanitised. */
  filename: string;
  size: number;
}

/** Room for multipart boundaries and headers around the file itself. */
const ENVELOPE = 64 * 1024;

/**
 * Streams the first file of a multipart request to a temporary file, never
 * holding it in memory. A file over `limit` bytes is a 413 and leaves nothing
 * behind; the rest of the request is drained so the client can read the answer.
 */
export function receiveUpload(req: Request, options: { tmpDir: string; limit: number }): Promise<ReceivedFile> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.limit + ENVELOPE) {
    req.resume();
    return Promise.reject(tooLarge(options.limit));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: options.limit, files: 1, fields: 20, parts: 30 } });
  } catch {
    return Promise.reject(new HttpError(415, 'invalid_request', 'Send the file as multipart/form-data.'));
  }
  return new Promise((resolve, reject) => {
    let file: Promise<ReceivedFile> | undefined;
    let tmpPath: string | undefined;
    let truncated = false;
    parser.on('file', (_field, stream, info) => {
      if (file) return void stream.resume();
      const path = join(options.tmpDir, `upload-${randomBytes(8).toString('hex')}`);
      tmpPath = path;
      let size = 0;
      file = new Promise((done, fail) => {
        const out = createWriteStream(path);
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('limit', () => (truncated = true));
        stream.pipe(out);
        out.on('finish', () => done({ tmpPath: path, filename: info.filename ?? '', size }));
        out.on('error', fail);
      });
    });
    parser.on('error', (err: Error) => {
      req.unpipe(parser);
      req.resume();
      void settle(new HttpError(400, 'invalid_request', `The upload could not be read: ${err.message}`));
    });
    parser.on('close', () => void settle());
    let settled = false;
    async function settle(failure?: unknown) {
      if (settled) return;
      settled = true;
      let received: ReceivedFile | undefined;
      try {
        received = await file;
      } catch (diskError) {
        failure ??= diskError; // the server's problem, so a logged 500
      }
      const error = failure ?? (truncated ? tooLarge(options.limit) : !received ? new HttpError(400, 'invalid_request', 'The request has no file.') : undefined);
      if (error) {
        if (tmpPath) await rm(tmpPath, { force: true });
        reject(error);
      } else resolve(received!);
    }
    req.pipe(parser);
  });
}

export const formatBytes = (n: number) => (n >= 1 << 20 ? `${+(n / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

const tooLarge = (limit: number) => new HttpError(413, 'too_large', `The file is larger than the ${formatBytes(limit)} limit.`);
