/**
 * How a requirement relates a device's label to the requirement's values. Matching follows
 * Kubernetes (k8s.io/apimachinery/pkg/labels, Requirement.Matches) so selectors mean the same there.
 */
export type LabelOperator =
  /** The device has the key and its value is the single value (`key=value` or `key==value`). */
  | 'eq'
  /** The device's value differs from the single value, or the device lacks the key (`key!=value`). */
  | 'neq'
  /** The device has the key and its value is one of the values (`key in (v1,v2)`). */
  | 'in'
  /** The device's value is none of the values, or the device lacks the key (`key notin (v1,v2)`). */
  | 'notin'
  /** The device has the key, whatever its value (`key`). */
  | 'exists'
  /** The device lacks the key (`!key`). */
  | 'notexists';

/** One condition on a device's labels; a device is selected when it meets every requirement. */
export interface LabelRequirement {
  /** Label key, `[dns-subdomain-prefix/]name`, valid as judged by `labelKeyProblem`. */
  key: string;
  /** How the device's value for `key` is compared with `values`. */
  operator: LabelOperator;
  /**
   * One value for eq/neq; one or more, sorted and without duplicates, for in/notin; none for
   * exists/notexists. The empty string is a value (a label may be present with an empty value).
   */
  values: string[];
}

/**
 * Requirements that must all hold, in key order (as Kubernetes sorts them, so equal selectors
 * format to equal text). The empty selector selects every device.
 */
export type LabelSelector = readonly LabelRequirement[];
