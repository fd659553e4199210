import { EdgeplaneError } from '../errors';
import { LabelSelector } from './label-selector';
import { LabelSelectorSyntaxError } from './label-selector.errors';
import { parseLabelSelector } from './label-selector.parser';

const sut = parseLabelSelector;

function syntaxErrorOf(input: string): LabelSelectorSyntaxError {
  try {
    sut(input);
  } catch (error: unknown) {
    if (error instanceof LabelSelectorSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected, but it parsed`);
}

describe('parseLabelSelector', () => {
  it.each(['', '   ', '\t\r\n'])('reads %j as the empty selector', (input) => {
    expect(sut(input)).toEqual([]);
  });

  it.each<[string, LabelSelector]>([
    ['site=berlin', [{ key: 'site', operator: 'eq', values: ['berlin'] }]],
    ['site==berlin', [{ key: 'site', operator: 'eq', values: ['berlin'] }]],
    ['tier!=canary', [{ key: 'tier', operator: 'neq', values: ['canary'] }]],
    ['env in (prod,staging)', [{ key: 'env', operator: 'in', values: ['prod', 'staging'] }]],
    ['env notin (dev)', [{ key: 'env', operator: 'notin', values: ['dev'] }]],
    ['gpu', [{ key: 'gpu', operator: 'exists', values: [] }]],
    ['!legacy', [{ key: 'legacy', operator: 'notexists', values: [] }]],
    ['app.kubernetes.io/name = edge-cam', [{ key: 'app.kubernetes.io/name', operator: 'eq', values: ['edge-cam'] }]],
  ])('parses %j', (input, expected) => {
    expect(sut(input)).toEqual(expected);
  });

  it('sorts requirements by key, keeping the order of requirements on one key', () => {
    expect(sut('site=berlin,tier!=canary,gpu,site!=paris')).toEqual([
      { key: 'gpu', operator: 'exists', values: [] },
      { key: 'site', operator: 'eq', values: ['berlin'] },
      { key: 'site', operator: 'neq', values: ['paris'] },
      { key: 'tier', operator: 'neq', values: ['canary'] },
    ]);
  });

  it.each([' env notin (dev) , gpu ', 'env\tnotin\n(\r\ndev\t)\n,\tgpu', 'env notin(dev),gpu'])('ignores whitespace between tokens in %j', (input) => {
    expect(sut(input)).toEqual([
      { key: 'env', operator: 'notin', values: ['dev'] },
      { key: 'gpu', operator: 'exists', values: [] },
    ]);
  });

  it('sorts set values and drops duplicates', () => {
    expect(sut('zone in (b, c, a, b)')).toEqual([{ key: 'zone', operator: 'in', values: ['a', 'b', 'c'] }]);
  });

  // Kubernetes reads a missing value as the empty value (selector.go parseValues / parseExactValue).
  it.each<[string, string[]]>([
    ['x in ()', ['']],
    ['x in ( )', ['']],
    ['x in (,)', ['']],
    ['x in (a,)', ['', 'a']],
    ['x in (,a)', ['', 'a']],
    ['x in (a,,b)', ['', 'a', 'b']],
  ])('reads the missing value in %j as the empty value', (input, values) => {
    expect(sut(input)).toEqual([{ key: 'x', operator: 'in', values }]);
  });

  it.each<[string, LabelSelector]>([
    ['x=', [{ key: 'x', operator: 'eq', values: [''] }]],
    ['x!= ', [{ key: 'x', operator: 'neq', values: [''] }]],
    ['x==,y', [{ key: 'x', operator: 'eq', values: [''] }, { key: 'y', operator: 'exists', values: [] }]],
  ])('reads %j as comparing with the empty value', (input, expected) => {
    expect(sut(input)).toEqual(expected);
  });

  it('treats "in" and "notin" as keywords only where an operator goes', () => {
    expect(sut('in in (in,notin),notin=in,!in')).toEqual([
      { key: 'in', operator: 'in', values: ['in', 'notin'] },
      { key: 'in', operator: 'notexists', values: [] },
      { key: 'notin', operator: 'eq', values: ['in'] },
    ]);
  });

  it('accepts a selector of exactly 4096 characters', () => {
    const input = `${'a=b,'.repeat(1023)}a=bc`;

    expect(input).toHaveLength(4096);
    expect(sut(input)).toHaveLength(1024);
  });
});

describe('parseLabelSelector errors', () => {
  it('is an EdgeplaneError of kind "invalid" with code "label_selector.syntax"', () => {
    const error = syntaxErrorOf('env in (prod');

    expect(error).toBeInstanceOf(EdgeplaneError);
    expect(error).toMatchObject({ name: 'LabelSelectorSyntaxError', kind: 'invalid', code: 'label_selector.syntax' });
    expect(error.details).toEqual({ selector: 'env in (prod', position: 12, token: '' });
    expect(error.message).toBe('label selector "env in (prod": expected "," or ")" at position 12, found end of input');
  });

  const EXPECTED_OPERATOR = 'expected "=", "==", "!=", "in", "notin", "," or end of input';
  const CHARSET = 'may contain only letters, digits, "-", "_" and "."';

  it.each<[string, number, string, string]>([
    ['-bad', 0, '-bad', 'invalid label key "-bad" at position 0: a label name must start and end with a letter or digit'],
    ['a,', 2, '', 'expected a label key or "!" at position 2, found end of input'],
    [',a', 0, ',', 'expected a label key or "!" at position 0, found ","'],
    ['a, ,b', 3, ',', 'expected a label key or "!" at position 3, found ","'],
    ['!', 1, '', 'expected a label key after "!" at position 1, found end of input'],
    ['!!a', 1, '!', 'expected a label key after "!" at position 1, found "!"'],
    ['!a=b', 2, '=', 'expected "," or end of input at position 2, found "="'],
    ['a b', 2, 'b', `${EXPECTED_OPERATOR} at position 2, found "b"`],
    ['a (b)', 2, '(', `${EXPECTED_OPERATOR} at position 2, found "("`],
    ['cores>4', 5, '>', `${EXPECTED_OPERATOR} at position 5, found ">" (numeric comparisons are not supported)`],
    ['a=b c', 4, 'c', 'expected "," or end of input at position 4, found "c"'],
    ['a=(b)', 2, '(', 'expected a label value at position 2, found "("'],
    ['a===b', 3, '=', 'expected a label value at position 3, found "="'],
    ['a in b', 5, 'b', 'expected "(" to start the list of values at position 5, found "b"'],
    ['a in', 4, '', 'expected "(" to start the list of values at position 4, found end of input'],
    ['a in (', 6, '', 'expected a label value, "," or ")" at position 6, found end of input'],
    ['a in (=)', 6, '=', 'expected a label value, "," or ")" at position 6, found "="'],
    ['a in (x y)', 8, 'y', 'expected "," or ")" at position 8, found "y"'],
    ['a in (x))', 8, ')', 'expected "," or end of input at position 8, found ")"'],
    ['env="prod"', 4, '"prod"', `invalid label value "\\"prod\\"" at position 4: a label value ${CHARSET}, not "\\""`],
    ['a in (ok, -x)', 10, '-x', 'invalid label value "-x" at position 10: a label value must start and end with a letter or digit'],
    ['a!=x/y', 3, 'x/y', `invalid label value "x/y" at position 3: a label value ${CHARSET}, not "/"`],
    ['gpu,Example.com/x', 4, 'Example.com/x', 'invalid label key "Example.com/x" at position 4: a label key prefix must be'],
    ['ok, !a/b/c', 5, 'a/b/c', 'invalid label key "a/b/c" at position 5: a label key may contain at most one "/"'],
    [`${'k'.repeat(64)}=v`, 0, 'k'.repeat(64), 'a label name must be at most 63 characters long, not 64'],
  ])('rejects %j at position %d (token %j)', (input, position, token, problem) => {
    const error = syntaxErrorOf(input);

    expect(error.details).toEqual({ selector: input, position, token });
    expect(error.message).toContain(`label selector ${JSON.stringify(input)}: `);
    expect(error.message).toContain(problem);
  });

  it('rejects a selector over 4096 characters without parsing it', () => {
    const input = `${'a=b,'.repeat(1023)}a=bcd`;

    const error = syntaxErrorOf(input);

    expect(error.message).toBe(
      'label selector is 4097 characters long, over the limit of 4096: select with fewer or shorter requirements',
    );
    expect(error.details).toEqual({ selector: `${input.slice(0, 64)}…`, position: 4096, token: 'd' });
  });
});
