import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ModelVersionView } from '../../api/views';
import type { UploadProgress } from '../../api/client';
import { useSession } from '../../app/session';
import { versionApiPath, versionsApiPath } from './model-paths';

/** What is being sent right now, for the progress bar. */
export interface UploadStep extends UploadProgress {
  /** Which file: the model, then (if chosen) its calibration set. */
  what: 'model' | 'calibration set';
  fileName: string;
}

export interface ModelUploadInput {
  name: string;
  /** `<model>@<version>` this one was distilled from, or empty. */
  teacher: string;
  model: File;
  calibrationSet: File | null;
}

export type UploadOutcome =
  | { kind: 'uploaded'; version: ModelVersionView }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; version: ModelVersionView | null };

/**
 * Sends a model (and its calibration set) as the raw bodies the API expects, reporting progress,
 * with one AbortController so that Cancel stops whichever file is on the wire. The API validates
 * everything (name, ONNX, .npz) and stores nothing of a refused upload; its message is shown as is.
 */
export function useModelUpload() {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<UploadStep | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Leaving the page mid-upload stops it: nobody is left to see where it went.
  useEffect(() => () => abort.current?.abort(), []);

  const send = useCallback(
    async (input: ModelUploadInput, signal: AbortSignal): Promise<ModelVersionView> => {
      const teacher = input.teacher.trim() ? `?${new URLSearchParams({ teacher: input.teacher.trim() })}` : '';
      setStep({ what: 'model', fileName: input.model.name, sentBytes: 0, totalBytes: input.model.size });
      const version = await api.upload<ModelVersionView>(
        versionsApiPath(input.name) + teacher,
        input.model,
        (progress) => setStep({ what: 'model', fileName: input.model.name, ...progress }),
        signal,
      );
      if (!input.calibrationSet) return version;
      const samples = input.calibrationSet;
      setStep({ what: 'calibration set', fileName: samples.name, sentBytes: 0, totalBytes: samples.size });
      try {
        return await api.upload<ModelVersionView>(
          `${versionApiPath(version.model, version.version)}/calibration-set`,
          samples,
          (progress) => setStep({ what: 'calibration set', fileName: samples.name, ...progress }),
          signal,
          'PUT',
        );
      } catch (error) {
        throw new CalibrationRefused(version, error as Error);
      }
    },
    [api],
  );

  const start = useCallback(
    async (input: ModelUploadInput): Promise<UploadOutcome> => {
      abort.current = new AbortController();
      try {
        const version = await send(input, abort.current.signal);
        await queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('/models') });
        return { kind: 'uploaded', version };
      } catch (error) {
        const cause = error instanceof CalibrationRefused ? error.cause : error;
        if (cause instanceof DOMException && cause.name === 'AbortError') return { kind: 'cancelled' };
        const version = error instanceof CalibrationRefused ? error.version : null;
        return { kind: 'failed', message: (cause as Error).message, version };
      } finally {
        abort.current = null;
        setStep(null);
      }
    },
    [send, queryClient],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);

  return { step, start, cancel };
}

/** The model was stored, its calibration set was not: the version exists and the page says so. */
class CalibrationRefused extends Error {
  constructor(
    readonly version: ModelVersionView,
    override readonly cause: Error,
  ) {
    super(cause.message);
  }
}
