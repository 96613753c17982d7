import type { Response } from 'express';

export interface SseStream {
  send(id: number, data: unknown): void;
  comment(text: string): void;
  end(): void;
  readonly closed: boolean;
}

/**
 * Opens a Server-Sent Events response. Events carry `id:` (for Last-Event-ID) and
 * JSON `data:`; `event:` is left out so EventSource's onmessage gets them all.
 * A comment every `heartbeatMs` keeps proxies from closing an idle stream (a
 * queued run may say nothing for minutes).
 */
export function openSse(res: Response, heartbeatMs: number, onClose: () => void): SseStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let closed = false;
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  res.on('close', close);
  return {
    send(id, data) {
      if (!closed) res.write(`id: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      if (!closed) res.write(`: ${text.replaceAll('\n', ' ')}\n\n`);
    },
    end() {
      if (closed) return;
      close();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}
