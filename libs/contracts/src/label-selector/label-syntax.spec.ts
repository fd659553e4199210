import { describeCharacter, labelKeyProblem, labelValueProblem } from './label-syntax';

const CHARSET = 'may contain only letters, digits, "-", "_" and "."';
const PREFIX_SHAPE =
  'a label key prefix must be a DNS subdomain such as "example.com": lowercase letters, digits, ' +
  '"-" and ".", each dot-separated part starting and ending with a letter or digit';

describe('labelKeyProblem', () => {
  const sut = labelKeyProblem;

  it.each([
    'gpu',
    'a',
    '9',
    'A-b_c.9',
    'app.kubernetes.io/name',
    'edge-plane.example/Tier_2',
    'x'.repeat(63),
    `${'p'.repeat(253)}/x`,
  ])('accepts %j', (key) => {
    expect(sut(key)).toBeNull();
  });

  it.each([
    ['', 'a label key must not be empty'],
    ['-bad', 'a label name must start and end with a letter or digit'],
    ['bad.', 'a label name must start and end with a letter or digit'],
    ['_x', 'a label name must start and end with a letter or digit'],
    ['a b', `a label name ${CHARSET}, not U+0020`],
    ['"gpu"', `a label name ${CHARSET}, not "\\""`],
    ['gpu:1', `a label name ${CHARSET}, not ":"`],
    ['zürich', `a label name ${CHARSET}, not U+00FC`],
    ['cam\u00a0id', `a label name ${CHARSET}, not U+00A0`],
    ['x'.repeat(64), 'a label name must be at most 63 characters long, not 64'],
    ['a/b/c', 'a label key may contain at most one "/", between its prefix and its name'],
    ['/name', 'a label key prefix (before "/") must not be empty'],
    ['example.com/', 'a label name must not be empty'],
    ['example.com/-x', 'a label name must start and end with a letter or digit'],
    ['Example.com/x', PREFIX_SHAPE],
    ['ex_ample.com/x', PREFIX_SHAPE],
    ['example..com/x', PREFIX_SHAPE],
    ['-example.com/x', PREFIX_SHAPE],
    [`${'p'.repeat(254)}/x`, 'a label key prefix must be at most 253 characters long, not 254'],
  ])('rejects %j: %s', (key, reason) => {
    expect(sut(key)).toBe(reason);
  });
});

describe('labelValueProblem', () => {
  const sut = labelValueProblem;

  it.each(['', 'prod', 'v1.2.3', 'Edge_Cam-01', 'x'.repeat(63), '9'])('accepts %j', (value) => {
    expect(sut(value)).toBeNull();
  });

  it.each([
    ['-x', 'a label value must start and end with a letter or digit'],
    ['x.', 'a label value must start and end with a letter or digit'],
    ['a/b', `a label value ${CHARSET}, not "/"`],
    ["'prod'", `a label value ${CHARSET}, not "'"`],
    ['tab\there', `a label value ${CHARSET}, not U+0009`],
    ['x'.repeat(64), 'a label value must be at most 63 characters long, not 64'],
  ])('rejects %j: %s', (value, reason) => {
    expect(sut(value)).toBe(reason);
  });
});

describe('describeCharacter', () => {
  const sut = describeCharacter;

  it.each([
    ['/', '"/"'],
    ['"', '"\\""'],
    [' ', 'U+0020'],
    ['\u0000', 'U+0000'],
    ['😀', 'U+1F600'],
  ])('describes %j as %s', (character, description) => {
    expect(sut(character)).toBe(description);
  });
});
