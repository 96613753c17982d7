import type { AddressAllowList, DescribeSource, SourceFacts } from '@segflow/engine/node';
import type { DocumentCheck } from '../check-document.ts';

/** What a check thread is started with: the server's folders and allow list, as its own check has them. */
export interface CheckThreadData {
  datasets: string;
  outputs: string;
  addressAllowList?: AddressAllowList;
  /** Whether the server checks connection and secret names (then the thread lists the names it met). */
  checksCredentials: boolean;
}

export type CredentialName = ['connection' | 'secret', string];

/** The answer a thread gives for one request body. */
export type ThreadAnswer =
  | {
      type: 'checked';
      id: number;
      check: Omit<DocumentCheck, 'workflow'>;
      /** The files the document reads, where the check found them: what the server's memory of answers watches. */
      files: string[];
      /** Connection and secret names the document's outputs use, taken as stored: the server looks them up. */
      credentialNames: CredentialName[];
      /** The body's bytes back when the document names a connection or secret (the server checks it itself if one is not stored). */
      body?: Uint8Array<ArrayBuffer>;
    }
  /** The thread cannot give the server's answer (not a document, a warehouse read, a failure): the bytes back, for the server to check. */
  | { type: 'fallback'; id: number; body: Uint8Array<ArrayBuffer> };

export type ToThread =
  | { type: 'check'; id: number; body: Uint8Array<ArrayBuffer> }
  | { type: 'described'; id: number; facts: SourceFacts };

export type FromThread = ThreadAnswer | { type: 'ready' } | { type: 'describe'; id: number; config: Parameters<DescribeSource>[0]; path: string };
