import { LabelRequirement, LabelSelector } from './label-selector';

/**
 * The canonical text of a selector: requirements in key order, set values sorted and deduplicated,
 * `=` rather than `==`, spaces only around `in`/`notin`. `parseLabelSelector` reads it back to an
 * equal selector. Expects valid keys and values (as `parseLabelSelector` returns them); it prints
 * rather than validates.
 */
export function formatLabelSelector(selector: LabelSelector): string {
  return canonicalLabelSelector(selector).map(formatRequirement).join(',');
}

/**
 * The same selector in canonical order: requirements sorted by key (a stable sort, so requirements
 * on one key keep their order, as in Kubernetes), in/notin values sorted and deduplicated. Returns
 * fresh objects; the argument is left untouched.
 */
export function canonicalLabelSelector(selector: LabelSelector): LabelSelector {
  return selector
    .map(({ key, operator, values }) => ({
      key,
      operator,
      values: operator === 'in' || operator === 'notin' ? sortedUnique(values) : [...values],
    }))
    .sort((a, b) => compareCodeUnits(a.key, b.key));
}

function formatRequirement({ key, operator, values }: LabelRequirement): string {
  switch (operator) {
    case 'exists':
      return key;
    case 'notexists':
      return `!${key}`;
    case 'eq':
      return `${key}=${values[0] ?? ''}`;
    case 'neq':
      return `${key}!=${values[0] ?? ''}`;
    case 'in':
      return `${key} in (${values.join(',')})`;
    case 'notin':
      return `${key} notin (${values.join(',')})`;
  }
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

// Plain code-unit order, not localeCompare: the canonical text must not depend on the host's locale.
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
