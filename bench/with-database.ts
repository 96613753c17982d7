import { openDatabase, type Database } from '../packages/engine/src/node.ts';

/** A fresh in-memory DuckDB for `work`, closed after it: each timed thing starts cold. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await work(database);
  } finally {
    database.close();
  }
}

export async function withConnection<T>(database: Database, work: (c: Awaited<ReturnType<Database['connect']>>) => Promise<T>): Promise<T> {
  const connection = await database.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}
