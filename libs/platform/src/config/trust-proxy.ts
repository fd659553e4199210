import { isIP } from 'node:net';
import { ValidateBy, ValidationOptions } from 'class-validator';

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Express's `trust proxy` value for EDGEPLANE_TRUST_PROXY: boolean, hop count, or list of addresses. */
export type TrustProxySetting = boolean | number | string[];

/** Reads a validated EDGEPLANE_TRUST_PROXY into the value Express's `trust proxy` setting takes. */
export function trustProxySetting(value: string): TrustProxySetting {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function isTrustProxy(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === 'true' || value === 'false' || /^\d{1,2}$/.test(value)) return true;
  return value.split(',').every((entry) => isAddressOrRange(entry.trim()));
}

/** `true`, `false`, a hop count, or a comma-separated list of IP addresses, CIDR ranges and named ranges. */
export function IsTrustProxy(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxy',
      validator: {
        validate: isTrustProxy,
        defaultMessage: () =>
          'must be true, false, a number of hops, or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal, uniquelocal',
      },
    },
    options,
  );
}
