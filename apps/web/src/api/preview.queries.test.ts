import { describe, expect, it } from 'vitest';
import { ApiError } from './http.ts';
import { BUSY_RETRY_MS, membersQuery, previewCountsQuery, retryWhenBusy, serverValidationQuery } from './preview.queries.ts';

describe('previews on a busy server', () => {
  const busy = new ApiError(503, 'busy', 'Segflow is busy computing other previews; try again in a moment.');

  it('asks again a few times when the server is busy, and shows any other failure at once', () => {
    expect([0, 1, 2, 3].map((failures) => retryWhenBusy(failures, busy))).toEqual([true, true, true, false]);
    expect(retryWhenBusy(0, new ApiError(500, 'internal', 'Something went wrong'))).toBe(false);
    expect(retryWhenBusy(0, new ApiError(409, 'superseded', 'A newer preview replaced this one.'))).toBe(false);
    expect(retryWhenBusy(0, new Error('network'))).toBe(false);
  });

  it('waits as long as the server’s Retry-After before counts, members and the server’s check are asked again', () => {
    const document = { schemaVersion: 1, nodes: [], edges: [] } as never;
    for (const query of [previewCountsQuery('wf', document, '{}', '', true), membersQuery('wf', 'n', document, '{}', ''), serverValidationQuery(document, '{}')]) {
      expect(query.retry).toBe(retryWhenBusy);
      expect(query.retryDelay).toBe(BUSY_RETRY_MS);
    }
    expect(BUSY_RETRY_MS).toBe(5_000);
  });
});
