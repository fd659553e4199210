import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'edgeplane:public';

/** Marks a controller or route as reachable without an API key (health probes, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
