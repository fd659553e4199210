/**
 * BullMQ queue names. A frozen contract: jobs already waiting in Redis under a name are stranded if
 * it changes, so a rename needs a migration that moves them.
 */
export enum QueueName {
  /** One job per (model version, hardware profile, options): build and verify one variant. */
  Compile = 'compile',
  /** Steps of running deployments (wave start, progress checks, bake ends), consumed by the controller. */
  Rollout = 'rollout',
}

/** Job names within their queue; frozen like the queue names. */
export enum CompileJobName {
  CompileVariant = 'compile-variant',
}
