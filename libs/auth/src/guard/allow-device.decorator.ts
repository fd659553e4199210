import { SetMetadata } from '@nestjs/common';

export const ALLOW_DEVICE = 'edgeplane:allow-device';

/**
 * The route also accepts a device's own credentials (HTTP Basic: device id and secret) besides an
 * API key with the route's role. The handler decides what that device may see (CallerDevice).
 */
export const AllowDevice = () => SetMetadata(ALLOW_DEVICE, true);
