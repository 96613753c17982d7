import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * How a fake PostgreSQL server on loopback misbehaves:
 * - `close-at-startup`: accepts, reads the start-up message, hangs up;
 * - `silent`: accepts and never says anything;
 * - `silent-after-startup`: lets the client in (authentication ok, ready for a
 *   query), then never answers a query.
 */
export type PeerBehaviour = 'close-at-startup' | 'silent' | 'silent-after-startup';

export interface HostilePeer {
  /** A connection URL pointing at the peer. */
  url: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open (the client has not dropped them). */
  open(): number;
  close(): Promise<void>;
}

/** A protocol message: type byte, then its length (itself included) and body. */
const message = (type: string, body: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
};
const AUTHENTICATION_OK = message('R', Buffer.alloc(4));
const READY_FOR_QUERY = message('Z', Buffer.from('I'));

export async function startHostilePeer(behaviour: PeerBehaviour): Promise<HostilePeer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (behaviour === 'close-at-startup') socket.destroy();
      else if (behaviour === 'silent-after-startup') socket.write(Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY]));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://segflow@127.0.0.1:${port}/crm`,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}
