import { afterEach, describe, expect, it } from 'vitest';
import { deliverPostgres } from '../../src/destinations/deliver-postgres.ts';
import { memoryLedger } from '../../src/destinations/ledger.ts';
import { isPermanentPostgresError } from '../../src/destinations/postgres-session.ts';
import { segmentFromRows } from '../../src/destinations/segment-batches.ts';
import { isPermanent } from '../../src/run/permanent-error.ts';
import { ALLOW_LOOPBACK } from './receiver.ts';
import { startHostilePeer, type HostilePeer, type PeerBehaviour } from './hostile-peer.ts';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const segment = () => segmentFromRows([{ id: 1 }, { id: 2 }], { types: { id: 'integer' } });
const ctx = (extra: Record<string, unknown> = {}) => ({ runId: 'run', nodeId: 'out', segmentName: 'vip', ledger: memoryLedger(), allow: ALLOW_LOOPBACK, ...extra });

/** Starts a peer and a delivery to it; resolves to how the delivery settled and after how long. */
async function deliverTo(behaviour: PeerBehaviour, extra: Record<string, unknown> = {}) {
  peer = await startHostilePeer(behaviour);
  const started = Date.now();
  const error = await deliverPostgres(segment(), { type: 'postgres', connection: peer.url, table: 'vip' }, ctx(extra)).then(
    () => undefined,
    (e: Error) => e,
  );
  return { error, ms: Date.now() - started };
}

/** Waits until the peer has seen every connection dropped. */
async function allDropped(p: HostilePeer) {
  for (let i = 0; i < 100 && p.open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return p.open();
}

describe('postgres delivery to a peer that misbehaves', () => {
  it('fails at once, naming the hang-up, when the peer closes during start-up', async () => {
    const { error } = await deliverTo('close-at-startup');
    expect(error?.message).toMatch(/Postgres delivery of segment "vip" into table vip failed: could not connect to the database$/);
    // A connection dropped once may work the next time: retried.
    expect(isPermanent(error)).toBe(false);
    expect(peer!.accepted()).toBe(1);
  });

  it('gives up at the connect deadline when the peer never answers, and drops the connection', async () => {
    const { error, ms } = await deliverTo('silent', { deadlines: { connectMs: 300 } });
    expect(error?.message).toMatch(/failed: The database did not answer within 0\.3 seconds \(connecting\)/);
    expect(ms).toBeLessThan(10_000);
    expect(await allDropped(peer!)).toBe(0);
  });

  it('gives up at the statement deadline when the peer lets the client in, then never answers', async () => {
    const { error, ms } = await deliverTo('silent-after-startup', { deadlines: { statementMs: 200, closeMs: 200 } });
    expect(error?.message).toMatch(/failed: The database did not answer within 0\.\d seconds \(running a statement\)/);
    expect(ms).toBeLessThan(10_000);
    expect(await allDropped(peer!)).toBe(0);
  });

  it.each(['silent', 'silent-after-startup'] as const)('settles as soon as the run is cancelled (%s peer), the connection dropped', async (behaviour) => {
    const cancel = new AbortController();
    const reason = new Error('cancelled by user');
    // The defaults (15 s to connect, minutes per statement) are far off: only the cancel can end this.
    setTimeout(() => cancel.abort(reason), 200);
    const { error, ms } = await deliverTo(behaviour, { signal: cancel.signal });
    expect(error).toBe(reason);
    expect(ms).toBeLessThan(5_000);
    expect(await allDropped(peer!)).toBe(0);
  });

  it('classifies errors that fail the same way every time as permanent', () => {
    for (const code of ['42P01', '42601', '42501', '22P02', '23505', '28P01', '3D000', '3F000']) expect(isPermanentPostgresError({ code })).toBe(true);
    for (const code of ['40001', '40P01', '57014', '08006', '53300', 'ECONNREFUSED', 'EPIPE', undefined]) expect(isPermanentPostgresError({ code })).toBe(false);
    expect(isPermanentPostgresError(undefined)).toBe(false);
  });
});
