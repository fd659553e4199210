/**
 * Labels as people type them: `key=value` pairs, one a line or separated by commas. The API checks
 * the characters (Kubernetes label syntax) and names the bad one; this catches the shape first.
 */
export function parseLabels(text: string): { labels: Record<string, string> } | { problem: string } {
  const labels: Record<string, string> = {};
  const pairs = text
    .split(/[\n,]/)
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '');
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals === -1) return { problem: `"${pair}" is not key=value (e.g. site=berlin).` };
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (key === '') return { problem: `"${pair}" has no key before "=".` };
    if (key in labels) return { problem: `The label "${key}" is given twice.` };
    labels[key] = value;
  }
  return { labels };
}

/** `site=berlin, tier=canary`: labels as they are typed. */
export function formatLabels(labels: Record<string, string>, separator: string): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(separator);
}
