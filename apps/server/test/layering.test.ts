import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '([^']+)';/gms)].map((m) => m[1]);

describe('server layering', () => {
  it('routes call services and stores; services and stores never import routes', () => {
    const offending = [...filesUnder(join(src, 'services')), ...filesUnder(join(src, 'store'))].flatMap((file) =>
      importsOf(file).filter((path) => /(^|\/)routes\//.test(path)).map((path) => `${relative(src, file)} imports ${path}`),
    );
    expect(offending).toEqual([]);
  });
});
