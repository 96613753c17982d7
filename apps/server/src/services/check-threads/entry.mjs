// A check thread's first module: threads do not inherit the TypeScript loader the server runs under.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
