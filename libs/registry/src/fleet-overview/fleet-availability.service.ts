import { Injectable } from '@nestjs/common';
import { FleetAvailabilityView, parseDurationSeconds } from '@edgeplane/contracts';
import { DeviceAvailabilityRepository } from '@edgeplane/persistence';
import { FleetAvailabilityQuery } from './dto/fleet-availability.query';
import { InvalidAvailabilityRangeError } from './fleet-overview.errors';

const DEFAULT_SPAN_MS = 24 * 3_600_000;
const DEFAULT_BUCKET_SECONDS = 900;
/** A chart has no use for more points, and each one is a row of the answer. */
export const MAX_AVAILABILITY_POINTS = 500;

/** The fleet's online and offline device counts over time, from the recorded status transitions. */
@Injectable()
export class FleetAvailabilityService {
  constructor(private readonly availability: DeviceAvailabilityRepository) {}

  async availabilityOver(query: FleetAvailabilityQuery): Promise<FleetAvailabilityView> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_SPAN_MS);
    if (from >= to) throw new InvalidAvailabilityRangeError(`"from" (${from.toISOString()}) must be before "to" (${to.toISOString()}).`);
    // The DTO has checked the bucket already.
    const bucketSeconds = query.bucket === undefined ? DEFAULT_BUCKET_SECONDS : (parseDurationSeconds(query.bucket) as number);
    const bucketMs = bucketSeconds * 1000;
    const count = Math.ceil((to.getTime() - from.getTime()) / bucketMs);
    if (count > MAX_AVAILABILITY_POINTS) {
      throw new InvalidAvailabilityRangeError(
        `${bucketSeconds}-second buckets from ${from.toISOString()} to ${to.toISOString()} make ${count} points, more than the limit of ${MAX_AVAILABILITY_POINTS}; choose a wider bucket or a shorter range.`,
      );
    }
    const rows = await this.availability.countsPerBucket({ from, to, bucketSeconds, count });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds,
      points: rows.map(({ bucket, online, offline }) => ({
        at: new Date(Math.min(from.getTime() + bucket * bucketMs, to.getTime())).toISOString(),
        online,
        offline,
      })),
    };
  }
}
