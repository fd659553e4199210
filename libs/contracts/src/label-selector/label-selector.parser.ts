import { LabelRequirement, LabelSelector } from './label-selector';
import { LabelSelectorSyntaxError } from './label-selector.errors';
import { canonicalLabelSelector } from './label-selector.format';
import { labelKeyProblem, labelValueProblem } from './label-syntax';

/** Longest selector accepted; anything longer is an operator's mistake, not a selector to parse. */
export const MAX_LABEL_SELECTOR_LENGTH = 4096;

/**
 * Parses a Kubernetes-style label selector (the grammar of k8s.io/apimachinery/pkg/labels Parse):
 * `key=v`, `key==v`, `key!=v`, `key in (v1,v2)`, `key notin (v1,v2)`, `key`, `!key`, joined by ",".
 * The empty (or all-blank) string is the empty selector. Throws `LabelSelectorSyntaxError`.
 */
export function parseLabelSelector(input: string): LabelSelector {
  if (input.length > MAX_LABEL_SELECTOR_LENGTH) {
    const position = MAX_LABEL_SELECTOR_LENGTH;
    const details = { selector: `${input.slice(0, 64)}…`, position, token: input.charAt(position) };
    const problem = `label selector is ${input.length} characters long, over the limit of ${position}`;
    throw new LabelSelectorSyntaxError(`${problem}: select with fewer or shorter requirements`, details);
  }
  return canonicalLabelSelector(new Parser(input, tokenize(input)).parseSelector());
}

type Token = { kind: 'word' | 'symbol' | 'end'; text: string; position: number };

// Longest match first, so "!=" and "==" are not read as "!" or "=" followed by "=".
// "<" and ">" are lexed (Kubernetes has Gt/Lt) only to be rejected with a clear message.
const SYMBOLS = ['==', '!=', '=', '!', '(', ')', ',', '<', '>'];
// The whitespace Kubernetes skips between tokens; a word runs until whitespace or a symbol.
const WHITESPACE = ' \t\r\n';
const DELIMITERS = `${WHITESPACE}=!(),<>`;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    while (at < input.length && WHITESPACE.includes(input.charAt(at))) at++;
    if (at === input.length) return [...tokens, { kind: 'end', text: '', position: at }];
    const symbol = SYMBOLS.find((candidate) => input.startsWith(candidate, at));
    const start = at;
    if (symbol !== undefined) at += symbol.length;
    else while (at < input.length && !DELIMITERS.includes(input.charAt(at))) at++;
    tokens.push({ kind: symbol ? 'symbol' : 'word', text: input.slice(start, at), position: start });
  }
}

/** Recursive descent over the tokens; `in`/`notin` are keywords only where an operator goes. */
class Parser {
  private next = 0;

  constructor(private readonly input: string, private readonly tokens: readonly Token[]) {}

  parseSelector(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    if (this.peek().kind === 'end') return requirements;
    for (;;) {
      requirements.push(this.parseRequirement());
      const separator = this.take();
      if (separator.kind === 'end') return requirements;
      if (!isSymbol(separator, ',')) throw this.unexpected(separator, 'expected "," or end of input');
    }
  }

  private parseRequirement(): LabelRequirement {
    if (isSymbol(this.peek(), '!')) {
      this.take();
      return { key: this.parseKey('expected a label key after "!"'), operator: 'notexists', values: [] };
    }
    const key = this.parseKey('expected a label key or "!"');
    const operator = this.peek();
    if (operator.kind === 'end' || isSymbol(operator, ',')) return { key, operator: 'exists', values: [] };
    this.take();
    if (isSymbol(operator, '=') || isSymbol(operator, '==')) {
      return { key, operator: 'eq', values: [this.parseExactValue()] };
    }
    if (isSymbol(operator, '!=')) return { key, operator: 'neq', values: [this.parseExactValue()] };
    if (operator.kind === 'word' && (operator.text === 'in' || operator.text === 'notin')) {
      return { key, operator: operator.text, values: this.parseValueSet() };
    }
    throw this.unexpected(operator, 'expected "=", "==", "!=", "in", "notin", "," or end of input');
  }

  private parseKey(expected: string): string {
    const token = this.take();
    if (token.kind !== 'word') throw this.unexpected(token, expected);
    return this.checked(token, 'key', labelKeyProblem(token.text));
  }

  private parseExactValue(): string {
    const token = this.peek();
    // As in Kubernetes, `key=` with nothing before "," or the end selects the empty value.
    if (token.kind === 'end' || isSymbol(token, ',')) return '';
    this.take();
    if (token.kind !== 'word') throw this.unexpected(token, 'expected a label value');
    return this.checked(token, 'value', labelValueProblem(token.text));
  }

  // As in Kubernetes, a missing value before "," or ")" is the empty value: "()" is [""] and
  // "(a,)" is ["", "a"]. So a value set is never empty.
  private parseValueSet(): string[] {
    const open = this.take();
    if (!isSymbol(open, '(')) throw this.unexpected(open, 'expected "(" to start the list of values');
    const values: string[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'word') values.push(this.checked(this.take(), 'value', labelValueProblem(token.text)));
      else if (isSymbol(token, ',') || isSymbol(token, ')')) values.push('');
      else throw this.unexpected(token, 'expected a label value, "," or ")"');
      const separator = this.take();
      if (isSymbol(separator, ')')) return values;
      if (!isSymbol(separator, ',')) throw this.unexpected(separator, 'expected "," or ")"');
    }
  }

  // The end token is never consumed, so there is always a token to peek at.
  private peek(): Token {
    return this.tokens[this.next]!;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.next++;
    return token;
  }

  private checked(token: Token, what: 'key' | 'value', problem: string | null): string {
    if (problem === null) return token.text;
    const where = `invalid label ${what} ${JSON.stringify(token.text)} at position ${token.position}`;
    throw this.error(token, `${where}: ${problem}`);
  }

  private unexpected(token: Token, expected: string): LabelSelectorSyntaxError {
    const found = token.kind === 'end' ? 'end of input' : JSON.stringify(token.text);
    const hint = token.text === '<' || token.text === '>' ? ' (numeric comparisons are not supported)' : '';
    return this.error(token, `${expected} at position ${token.position}, found ${found}${hint}`);
  }

  private error(token: Token, problem: string): LabelSelectorSyntaxError {
    const details = { selector: this.input, position: token.position, token: token.text };
    return new LabelSelectorSyntaxError(`label selector ${JSON.stringify(this.input)}: ${problem}`, details);
  }
}

function isSymbol(token: Token, text: string): boolean {
  return token.kind === 'symbol' && token.text === text;
}
