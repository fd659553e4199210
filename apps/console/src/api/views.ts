/**
 * The API's view types, from libs/contracts: the console reads exactly what the REST API returns.
 * Type-only: nothing of the server is bundled.
 */
export type * from '@edgeplane/contracts';
