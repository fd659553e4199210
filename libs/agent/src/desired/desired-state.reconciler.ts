import type { Logger } from 'pino';
import { type ArtifactLocation, type Assignment, type DesiredState, DesiredStateBody } from '@edgeplane/contracts';
import { artifactPath, ARTIFACT_EXTENSION, pruneArtifacts } from '../artifacts/artifact-files';
import type { ArtifactDownloader, ArtifactSource } from '../artifacts/artifact-downloader';
import type { ModelHost } from '../serving/model-host';
import { ServingRecord, ServingState } from '../serving/serving-state';
import type { VariantLoader } from '../serving/variant-loader';
import type { SignatureVerifier } from '../signing/signature-verifier';
import type { JsonFileStore } from '../storage/json-file.store';
import type { ReportedStateTracker } from './reported-state.tracker';

export interface DesiredStateReconcilerDependencies {
  host: ModelHost;
  loader: VariantLoader;
  downloader: ArtifactDownloader;
  /** Refuses assignments the controller's signature does not vouch for, before anything is downloaded. */
  verifier: SignatureVerifier;
  tracker: ReportedStateTracker;
  /** The last accepted desired state, so a reboot without network resumes it. */
  desiredStore: JsonFileStore<typeof DesiredStateBody>;
  /** Active and last-known-good variant per model, so a reboot serves them before any network. */
  servingStore: JsonFileStore<typeof ServingState>;
  /** Where verified artifacts live. */
  artifactsDirectory: string;
  /** Relative artifact URLs resolve against it. */
  controllerUrl: URL;
  logger: Logger;
}

/**
 * Drives the device toward the desired state: per assignment whose variant is not serving yet,
 * check the controller's signature, download and verify its files, load and self-test it, then switch serving to it. A failure leaves
 * the model's current variant serving. Revisions are applied one at a time; a newer revision aborts
 * the one in progress (its partial downloads stay and are resumed if still wanted).
 */
export class DesiredStateReconciler {
  private latest: DesiredState | undefined;
  private applying: { revision: number; abort: AbortController } | undefined;
  private loop: Promise<void> | undefined;
  /** The highest revision whose apply has finished (or was superseded). */
  private finished = 0;
  private stopped = false;

  constructor(private readonly deps: DesiredStateReconcilerDependencies) {}

  /** At boot, before any network: serve what served before, then resume the persisted desired state. */
  async resume(): Promise<void> {
    await this.restoreServing();
    const { value, problem } = await this.deps.desiredStore.read();
    if (problem) this.deps.logger.warn({ problem }, 'ignoring the stored desired state');
    if (value) {
      this.latest = value;
      this.deps.logger.info({ revision: value.revision }, 'resuming the stored desired state');
      this.kick();
    }
  }

  /** Takes a desired state from the controller; false when it is not newer than the one the agent has. */
  async accept(desired: DesiredState): Promise<boolean> {
    if (this.stopped || (this.latest && desired.revision <= this.latest.revision)) return false;
    this.latest = desired;
    await this.deps.desiredStore.write(desired);
    this.deps.logger.info({ revision: desired.revision, assignments: desired.assignments.length }, 'accepted desired state');
    this.kick();
    return true;
  }

  /** Resolves when every accepted revision has been applied (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.loop) await this.loop;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.applying?.abort.abort();
    await this.settled();
  }

  private kick(): void {
    if (this.applying && this.latest && this.latest.revision > this.applying.revision) this.applying.abort.abort();
    this.loop ??= this.applyLatest().finally(() => {
      this.loop = undefined;
      if (this.hasWork()) this.kick(); // accepted after the last check of the loop
    });
  }

  private hasWork(): boolean {
    return !this.stopped && this.latest !== undefined && this.latest.revision > this.finished;
  }

  private async applyLatest(): Promise<void> {
    while (this.hasWork()) {
      const desired = this.latest!;
      const abort = new AbortController();
      this.applying = { revision: desired.revision, abort };
      try {
        await this.apply(desired, abort.signal);
      } catch (error) {
        // Only the disk can fail here (persisting or pruning): log it and carry on serving.
        this.deps.logger.error({ revision: desired.revision, reason: (error as Error).message }, 'applying the desired state failed');
      }
      this.applying = undefined;
      this.finished = desired.revision;
    }
  }

  private async apply(desired: DesiredState, signal: AbortSignal): Promise<void> {
    const { host, tracker, logger } = this.deps;
    tracker.begin(desired.revision, desired.assignments);
    host.assign(desired.assignments.map((assignment) => assignment.model));
    await this.persistServing();
    for (const assignment of desired.assignments) {
      if (signal.aborted) return;
      if (host.get(assignment.model)?.record.variantId === assignment.variantId) continue;
      try {
        await this.bringUp(assignment, signal);
      } catch (error) {
        if (signal.aborted) return;
        logger.warn({ model: assignment.model, variantId: assignment.variantId, reason: (error as Error).message }, 'assignment failed');
        tracker.failed(assignment.model, (error as Error).message);
      }
    }
    tracker.applied(desired.revision);
    await this.prune(desired);
  }

  private async bringUp(assignment: Assignment, signal: AbortSignal): Promise<void> {
    const { downloader, loader, host, tracker, logger } = this.deps;
    const { model, artifact, samples } = assignment;
    // First, so that a refused variant is neither downloaded nor loaded; the downloader then accepts
    // only bytes with the digests just checked, which are the ones the signature covers.
    this.deps.verifier.check(assignment);
    const total = artifact.sizeBytes + (samples?.sizeBytes ?? 0);
    tracker.progress(model, 0, total);
    // The small samples file first, so the progress figure then runs through the big model file.
    const samplesPath = samples
      ? await downloader.obtain(this.source(samples), ARTIFACT_EXTENSION.samples, {
          signal,
          onProgress: (received) => tracker.progress(model, received, total),
        })
      : null;
    const modelPath = await downloader.obtain(this.source(artifact), ARTIFACT_EXTENSION.model, {
      signal,
      onProgress: (received) => tracker.progress(model, (samples?.sizeBytes ?? 0) + received, total),
      onVerifying: () => tracker.state(model, 'verifying'),
    });
    tracker.state(model, 'loading');
    const loaded = await loader.load({ model, variantId: assignment.variantId, modelPath, samplesPath, runtime: assignment.runtime });
    if (signal.aborted) {
      loaded.retire(); // superseded while loading: the next revision decides what serves
      return;
    }
    host.activate(model, recordOf(assignment), loaded);
    await this.persistServing();
    tracker.state(model, 'active');
    logger.info({ model, variantId: assignment.variantId }, 'serving new variant');
  }

  private source(location: ArtifactLocation): ArtifactSource {
    return { url: new URL(location.url, this.deps.controllerUrl), sha256: location.sha256, sizeBytes: location.sizeBytes };
  }

  private async restoreServing(): Promise<void> {
    const { servingStore, host, logger } = this.deps;
    const { value, problem } = await servingStore.read();
    if (problem) logger.warn({ problem }, 'ignoring the stored serving state');
    for (const [model, { active, lastKnownGood }] of Object.entries(value ?? {})) {
      for (const [record, fallback] of [[active, lastKnownGood], [lastKnownGood, null]] as const) {
        if (!record) continue;
        try {
          host.activate(model, record, await this.loadFromDisk(model, record), fallback);
          logger.info({ model, variantId: record.variantId }, 'serving from disk');
          break;
        } catch (error) {
          logger.error({ model, variantId: record.variantId, reason: (error as Error).message }, 'stored variant failed to load');
        }
      }
    }
  }

  private loadFromDisk(model: string, record: ServingRecord) {
    const directory = this.deps.artifactsDirectory;
    return this.deps.loader.load({
      model,
      variantId: record.variantId,
      modelPath: artifactPath(directory, record.artifactSha256, 'model'),
      samplesPath: record.samplesSha256 && artifactPath(directory, record.samplesSha256, 'samples'),
      runtime: record.runtime,
    });
  }

  private async persistServing(): Promise<void> {
    await this.deps.servingStore.write(this.deps.host.state());
  }

  /** Keeps the files of every model's active and previous variant and of the desired ones; deletes the rest. */
  private async prune(desired: DesiredState): Promise<void> {
    const keep = new Set<string>();
    for (const { active, lastKnownGood } of Object.values(this.deps.host.state())) {
      for (const record of [active, lastKnownGood]) {
        if (record) [record.artifactSha256, record.samplesSha256].forEach((sha) => sha && keep.add(sha));
      }
    }
    for (const { artifact, samples } of desired.assignments) [artifact, samples].forEach((file) => file && keep.add(file.sha256));
    const deleted = await pruneArtifacts(this.deps.artifactsDirectory, keep);
    if (deleted.length > 0) this.deps.logger.info({ deleted }, 'deleted artifacts no longer needed');
  }
}

function recordOf(assignment: Assignment): ServingRecord {
  return {
    variantId: assignment.variantId,
    modelVersion: assignment.modelVersion,
    artifactSha256: assignment.artifact.sha256,
    samplesSha256: assignment.samples?.sha256 ?? null,
    runtime: assignment.runtime,
  };
}
