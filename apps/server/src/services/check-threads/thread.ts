/**
 * A check thread (see pool.ts): reads request bodies and checks them exactly as
 * the server's own check does, on a core of its own. Files it has not described
 * yet are described by the server's DuckDB, asked through the port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cachedDescribe, type SourceFacts } from '@segflow/engine/node';
import { documentIn } from '../../http/parse.ts';
import { checkDocument, filesOf, readsWarehouse, resolvedOnce } from '../check-document.ts';
import { pathResolver } from '../resolve-path.ts';
import type { CheckThreadData, CredentialName, FromThread, ThreadAnswer, ToThread } from './messages.ts';

const port = parentPort!;
const data = workerData as CheckThreadData;
const send = (message: FromThread) => port.postMessage(message);

let asked = 0;
const describing = new Map<number, (facts: SourceFacts) => void>();
const describe = cachedDescribe(200, (config, path) =>
  new Promise<SourceFacts>((resolve) => {
    const id = ++asked;
    describing.set(id, resolve);
    send({ type: 'describe', id, config, path });
  }),
);

port.on('message', (message: ToThread) => {
  if (message.type === 'described') {
    describing.get(message.id)?.(message.facts);
    describing.delete(message.id);
    return;
  }
  // The body's memory goes back with the answer that carries it (the thread was handed it, not a copy).
  void checkBody(message.id, message.body).then((answer) => port.postMessage(answer, answer.body ? [answer.body.buffer] : []));
});
send({ type: 'ready' });

async function checkBody(id: number, body: Uint8Array<ArrayBuffer>): Promise<ThreadAnswer> {
  try {
    // What the route reads (a JSON object), without its error answers: a body it would refuse is left to it.
    const parsed: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { type: 'fallback', id, body };
    const document = documentIn(parsed as Record<string, unknown>);
    const credentialNames: CredentialName[] = [];
    const resolvePath = resolvedOnce(pathResolver(data.datasets));
    const answer = await checkDocument(document, {
      datasets: data.datasets,
      outputs: data.outputs,
      addressAllowList: data.addressAllowList,
      describe,
      resolvePath,
      // Taken as stored here; the server looks every name up and checks the document itself when one is not.
      hasCredential: data.checksCredentials ? (kind, name) => credentialNames.push([kind, name]) > 0 : undefined,
    });
    // A warehouse table is described with stored connections, which only the server holds.
    if (readsWarehouse(answer)) return { type: 'fallback', id, body };
    const { ok, problems, sources } = answer;
    const files = filesOf(answer, resolvePath);
    return { type: 'checked', id, check: { ok, problems, sources }, files, credentialNames, ...(credentialNames.length ? { body } : {}) };
  } catch {
    // Whatever went wrong, the server's own check meets it again and answers as it always does.
    return { type: 'fallback', id, body };
  }
}
