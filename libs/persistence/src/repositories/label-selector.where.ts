import type { LabelRequirement, LabelSelector } from '@edgeplane/contracts';
import { Prisma } from '../generated/prisma/client';

/**
 * Translates a parsed label selector into a device filter. Each requirement becomes an EXISTS /
 * NOT EXISTS over device_labels (indexed on key, value); `neq` and `notin` use NOT EXISTS so that,
 * as in Kubernetes, devices without the key match them.
 */
export function labelSelectorWhere(selector: LabelSelector): Prisma.DeviceWhereInput[] {
  return selector.map(requirementWhere);
}

function requirementWhere({ key, operator, values }: LabelRequirement): Prisma.DeviceWhereInput {
  switch (operator) {
    case 'eq':
      return { labels: { some: { key, value: values[0] } } };
    case 'neq':
      return { labels: { none: { key, value: values[0] } } };
    case 'in':
      return { labels: { some: { key, value: { in: [...values] } } } };
    case 'notin':
      return { labels: { none: { key, value: { in: [...values] } } } };
    case 'exists':
      return { labels: { some: { key } } };
    case 'notexists':
      return { labels: { none: { key } } };
  }
}
