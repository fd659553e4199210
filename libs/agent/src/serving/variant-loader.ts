import { readFile } from 'node:fs/promises';
import { InferenceSession } from 'onnxruntime-node';
import type { RuntimeSettings } from '@edgeplane/contracts';
import { LoadedVariant } from './loaded-variant';
import { runSelfTest } from './self-test';
import { VariantLoadError } from './serving.errors';

/** What to load: the verified files of one variant and how to run it. */
export interface VariantToLoad {
  /** Model name it will serve. */
  model: string;
  /** The compiled variant. */
  variantId: string;
  /** Path of the verified .onnx file. */
  modelPath: string;
  /** Path of the verified samples .npz, or null when the variant has none. */
  samplesPath: string | null;
  /** Execution providers and threads. */
  runtime: RuntimeSettings;
}

/**
 * ONNX Runtime's CPU arena stays on: it keeps the blocks a run needs for the next one. Without it
 * every run allocates and frees its tensors through malloc, and with the launcher's glibc settings
 * (large blocks are mmap'd and given back at once) the recogniser ran 21 → 25 ms per inference for
 * 6 MB less RSS (bare process, ORT 1.30; docs/agent.md, Performance).
 */
const SESSION_MEMORY_OPTIONS: InferenceSession.SessionOptions = { enableCpuMemArena: true };

/** Turns verified files into a session that has passed its self-test, or throws saying why not. */
export class VariantLoader {
  constructor(private readonly executionProviders: readonly string[]) {}

  async load(variant: VariantToLoad): Promise<LoadedVariant> {
    const provider = variant.runtime.executionProviders.find((name) => this.executionProviders.includes(name));
    if (!provider) {
      throw new VariantLoadError(
        `model failed to load: none of its execution providers (${variant.runtime.executionProviders.join(', ')}) is available here (${this.executionProviders.join(', ')})`,
      );
    }
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(variant.modelPath, {
        executionProviders: [provider],
        ...SESSION_MEMORY_OPTIONS,
        // 0 means "let ONNX Runtime choose", which it does when the option is absent.
        ...(variant.runtime.intraOpThreads > 0 ? { intraOpNumThreads: variant.runtime.intraOpThreads } : {}),
      });
    } catch (error) {
      throw new VariantLoadError(`model failed to load: ${(error as Error).message}`);
    }
    const loaded = new LoadedVariant(variant.model, variant.variantId, session);
    try {
      const samples = variant.samplesPath ? await readFile(variant.samplesPath) : null;
      await runSelfTest(session, loaded.inputs, samples);
    } catch (error) {
      await session.release();
      throw error;
    }
    return loaded;
  }
}
