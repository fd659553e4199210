/**
 * The API's view types, from libs/contracts: the console reads exactly what the REST API returns.
 * Type-only: the contracts' index re-exports the wire protocol's Node code, none of which belongs in
 * the bundle. Plain rules are imported from their own folder instead (`@edgeplane/contracts/rollouts`).
 */
export type * from '@edgeplane/contracts';
