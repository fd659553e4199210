/** Where a NUL character sits in a JSON-like value: the dotted path and the text (or key) holding it. */
export interface NulText {
  path: string;
  text: string;
}

/**
 * The first string or key of `value` that holds a NUL character, or null. PostgreSQL cannot store
 * NUL in text or jsonb, so a model whose names carry one must be refused before it is recorded:
 * the insert failed into a 500 after the file was committed. Iterative, for any depth.
 */
export function findTextWithNul(value: unknown): NulText | null {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\0')) return { path, text: item };
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, child] of Object.entries(item)) {
      const childPath = Array.isArray(item) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (key.includes('\0')) return { path: childPath, text: key };
      pending.push([child, childPath]);
    }
  }
  return null;
}
