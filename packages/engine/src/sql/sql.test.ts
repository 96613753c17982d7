import { describe, expect, it } from 'vitest';
import { join, renderSql, sql, value } from './sql.ts';

describe('sql fragments', () => {
  it('composes fragments of any size without overflowing the call stack', () => {
    const many = join(Array.from({ length: 300_000 }, (_, i) => value(i)), ', ');
    const { text, params } = renderSql(sql`SELECT ${sql`greatest(${many})`}`);
    expect(params).toHaveLength(300_000);
    expect(text.startsWith('SELECT greatest($1, $2, ')).toBe(true);
  });
});
