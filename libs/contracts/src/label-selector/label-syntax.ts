// Label keys and values follow Kubernetes (k8s.io/apimachinery/pkg/util/validation:
// IsQualifiedName, IsValidLabelValue) so labels and selectors carry over between the two systems.

const MAX_NAME_LENGTH = 63;
const MAX_PREFIX_LENGTH = 253;
const NAME_CHARACTER = /^[A-Za-z0-9._-]$/;
const ALPHANUMERIC = /^[A-Za-z0-9]$/;
// RFC 1123 subdomain as Kubernetes checks it: lowercase, dot-separated labels, no per-label limit.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (`[prefix/]name`), or null when it is valid. */
export function labelKeyProblem(key: string): string | null {
  if (key === '') return 'a label key must not be empty';
  const slash = key.indexOf('/');
  if (slash === -1) return nameProblem(key, 'label name');
  if (key.includes('/', slash + 1)) {
    return 'a label key may contain at most one "/", between its prefix and its name';
  }
  return prefixProblem(key.slice(0, slash)) ?? nameProblem(key.slice(slash + 1), 'label name');
}

/** Why `value` is not a valid label value, or null when it is valid (the empty value is valid). */
export function labelValueProblem(value: string): string | null {
  return value === '' ? null : nameProblem(value, 'label value');
}

/** A character as a person can read it in a message: quoted when printable ASCII, else U+XXXX. */
export function describeCharacter(character: string): string {
  if (/^[\x21-\x7e]$/.test(character)) return JSON.stringify(character);
  const codePoint = character.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function nameProblem(text: string, what: 'label name' | 'label value'): string | null {
  if (text === '') return `a ${what} must not be empty`;
  if (text.length > MAX_NAME_LENGTH) {
    return `a ${what} must be at most ${MAX_NAME_LENGTH} characters long, not ${text.length}`;
  }
  const stray = [...text].find((character) => !NAME_CHARACTER.test(character));
  if (stray !== undefined) {
    return `a ${what} may contain only letters, digits, "-", "_" and ".", not ${describeCharacter(stray)}`;
  }
  if (!ALPHANUMERIC.test(text[0]) || !ALPHANUMERIC.test(text[text.length - 1])) {
    return `a ${what} must start and end with a letter or digit`;
  }
  return null;
}

function prefixProblem(prefix: string): string | null {
  if (prefix === '') return 'a label key prefix (before "/") must not be empty';
  if (prefix.length > MAX_PREFIX_LENGTH) {
    return `a label key prefix must be at most ${MAX_PREFIX_LENGTH} characters long, not ${prefix.length}`;
  }
  if (!DNS_SUBDOMAIN.test(prefix)) {
    return (
      'a label key prefix must be a DNS subdomain such as "example.com": lowercase letters, digits, ' +
      '"-" and ".", each dot-separated part starting and ending with a letter or digit'
    );
  }
  return null;
}
