import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from './tokenize.ts';

/** The words of a formula as the regular expressions the tokenizer stands for read them. */
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?|\.\d+/y;
const SPACE = /\s+/y;
const match = (re: RegExp, text: string, at: number) => {
  re.lastIndex = at;
  return re.exec(text)?.[0];
};

/** Where each name and number token of `tokens` must end, by the regular expressions. */
function expectedWords(text: string, tokens: Token[]) {
  return tokens.flatMap((tok) => {
    if (tok.kind !== 'name' && tok.kind !== 'number') return [];
    const word = tok.kind === 'number' ? match(NUMBER, text, tok.start) : match(NUMBER, text, tok.start) ? undefined : match(NAME, text, tok.start);
    return [{ kind: tok.kind, text: word }];
  });
}

describe('tokenize', () => {
  const pieces = ['a', 'B_2', '_', '1', '2.5', '.5', '1.', '9a', '0.0.1', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é', '😀', '+', '<=', '<>', '(', ')', ',', "'t'", '"c d"', '!'];
  const formulaLike = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join(''));

  it('reads names, numbers and spaces exactly as the regular expressions do', () => {
    fc.assert(
      fc.property(formulaLike, (text) => {
        const result = tokenize(text);
        if (!result.ok) {
          // Refused only at a character none of them reads.
          if (result.message.startsWith('Unexpected')) for (const re of [SPACE, NAME, NUMBER]) expect(match(re, text, result.position)).toBeUndefined();
          return;
        }
        const words = result.tokens.filter((t) => t.kind === 'name' || t.kind === 'number').map((t) => ({ kind: t.kind, text: (t as { text: string }).text }));
        expect(words).toEqual(expectedWords(text, result.tokens));
        // Between tokens there is only what \s+ reads.
        for (let i = 1; i < result.tokens.length; i++) {
          const gap = text.slice(result.tokens[i - 1].end, result.tokens[i].start);
          if (gap) expect(match(SPACE, text, result.tokens[i - 1].end)).toBe(gap);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('skips Unicode spaces and refuses other characters at their place', () => {
    expect(tokenize('a\u00a0+\u3000b')).toMatchObject({ ok: true, tokens: [{ kind: 'name', text: 'a' }, { kind: 'op', text: '+' }, { kind: 'name', text: 'b' }, { kind: 'eof' }] });
    expect(tokenize('a é')).toEqual({ ok: false, message: 'Unexpected character `é`', position: 2 });
    expect(tokenize('1.x')).toMatchObject({ ok: false, message: 'Unexpected character `.`', position: 1 });
    expect(tokenize('1.5.2')).toMatchObject({ ok: true, tokens: [{ kind: 'number', text: '1.5' }, { kind: 'number', text: '.2' }, { kind: 'eof' }] });
  });
});
