import type { LoadedVariant } from './loaded-variant';
import type { ServingRecord, ServingState } from './serving-state';

/** One model being served. */
export interface ServedModel {
  /** Model name. */
  model: string;
  /** The variant serving it. */
  record: ServingRecord;
  /** Its session. */
  variant: LoadedVariant;
  /** The variant served before, kept on disk as the fallback; or null. */
  lastKnownGood: ServingRecord | null;
}

/**
 * Which session serves each model. Switching is one Map write, so a request sees either the old
 * variant or the new one, never a mix; requests already running keep a lease on the old session,
 * which is released after the last of them (see LoadedVariant).
 */
export class ModelHost {
  private readonly served = new Map<string, ServedModel>();
  private assigned = new Set<string>();

  /** The model's serving variant with a lease taken (release it when done), or undefined. */
  lease(model: string): LoadedVariant | undefined {
    const variant = this.served.get(model)?.variant;
    variant?.acquire();
    return variant;
  }

  /** Whether the desired state names the model (it may not be serving yet). */
  isAssigned(model: string): boolean {
    return this.assigned.has(model) || this.served.has(model);
  }

  /** The model's serving variant, without a lease. */
  get(model: string): ServedModel | undefined {
    return this.served.get(model);
  }

  /**
   * Makes `variant` serve `model`. The variant it replaces becomes the last known good one, unless
   * `lastKnownGood` is given (restoring the persisted state at boot).
   */
  activate(model: string, record: ServingRecord, variant: LoadedVariant, lastKnownGood?: ServingRecord | null): void {
    const previous = this.served.get(model);
    const fallback =
      lastKnownGood !== undefined
        ? lastKnownGood
        : previous && previous.record.variantId !== record.variantId
          ? previous.record
          : (previous?.lastKnownGood ?? null);
    this.served.set(model, { model, record, variant, lastKnownGood: fallback });
    if (previous && previous.variant !== variant) previous.variant.retire();
  }

  /** The models the desired state names; any other model stops serving. */
  assign(models: Iterable<string>): void {
    this.assigned = new Set(models);
    for (const [model, served] of this.served) {
      if (this.assigned.has(model)) continue;
      this.served.delete(model);
      served.variant.retire();
    }
  }

  /** Every served model, in no particular order. */
  list(): ServedModel[] {
    return [...this.served.values()];
  }

  /** What to persist so a restart serves the same variants from disk. */
  state(): ServingState {
    return Object.fromEntries(this.list().map(({ model, record, lastKnownGood }) => [model, { active: record, lastKnownGood }]));
  }

  /** Stops serving everything (shutdown); sessions are released as their last requests finish. */
  async close(): Promise<void> {
    const variants = this.list().map(({ variant }) => variant);
    this.served.clear();
    variants.forEach((variant) => variant.retire());
    await Promise.all(variants.map((variant) => variant.closed()));
  }
}
