import type { Assignment, AssignmentState, ReportedAssignment, ReportedState } from '@edgeplane/contracts';
import type { ModelHost } from '../serving/model-host';

/** Longest `reason` the protocol accepts. */
const MAX_REASON_LENGTH = 2000;

type Progress = Pick<ReportedAssignment, 'state' | 'reason' | 'download'>;

/**
 * The agent's `reported` document: progress per assignment of the revision being applied. The
 * active and last-known-good variants are read from the model host whenever the document is built,
 * so they are never stale. `onChange(urgent)` fires on every change; download progress is not urgent
 * (the publisher throttles it), state changes are.
 */
export class ReportedStateTracker {
  private appliedRevision = 0;
  private revision = 0;
  private assignments: { model: string; variantId: string; progress: Progress }[] = [];

  constructor(
    private readonly host: ModelHost,
    private readonly onChange: (urgent: boolean) => void,
  ) {}

  /** Starts reporting a new revision; models already serving the asked-for variant are `active` at once. */
  begin(revision: number, assignments: Assignment[]): void {
    this.revision = revision;
    this.assignments = assignments.map(({ model, variantId }) => ({
      model,
      variantId,
      progress: {
        state: this.host.get(model)?.record.variantId === variantId ? 'active' : 'downloading',
        reason: null,
        download: null,
      },
    }));
    this.onChange(true);
  }

  state(model: string, state: Exclude<AssignmentState, 'failed'>, download: ReportedAssignment['download'] = null): void {
    this.set(model, { state, reason: null, download }, true);
  }

  failed(model: string, reason: string): void {
    // The protocol refuses NUL in text (the controller could not store it): an error message holding one would lose the whole report.
    this.set(model, { state: 'failed', reason: reason.replaceAll('\0', '\uFFFD').slice(0, MAX_REASON_LENGTH), download: null }, true);
  }

  progress(model: string, receivedBytes: number, totalBytes: number): void {
    this.set(model, { state: 'downloading', reason: null, download: { receivedBytes, totalBytes } }, false);
  }

  /** Every assignment of `revision` is now active or failed. */
  applied(revision: number): void {
    this.appliedRevision = revision;
    this.onChange(true);
  }

  body(): ReportedState {
    return {
      appliedRevision: this.appliedRevision,
      revision: this.revision,
      assignments: this.assignments.map(({ model, variantId, progress }) => {
        const served = this.host.get(model);
        return {
          model,
          variantId,
          ...progress,
          activeVariantId: served?.record.variantId ?? null,
          lastKnownGoodVariantId: served?.lastKnownGood?.variantId ?? null,
        };
      }),
    };
  }

  private set(model: string, progress: Progress, urgent: boolean): void {
    const entry = this.assignments.find((assignment) => assignment.model === model);
    if (!entry) return;
    entry.progress = progress;
    this.onChange(urgent);
  }
}
