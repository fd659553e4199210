import { formatBytes, formatPercent } from '../../components/format';
import type { UploadStep } from './use-model-upload';

/** A real <progress> with the share and the bytes in words, for eyes and screen readers alike. */
export function UploadProgressBar({ step, onCancel }: { step: UploadStep; onCancel: () => void }) {
  const share = step.totalBytes > 0 ? step.sentBytes / step.totalBytes : 0;
  return (
    <div className="upload-progress">
      <label htmlFor="upload-progress">
        Uploading the {step.what} {step.fileName}
      </label>
      <progress id="upload-progress" max={step.totalBytes} value={step.sentBytes} aria-describedby="upload-progress-text" />
      <p id="upload-progress-text" className="hint">
        {formatPercent(share, 0)} — {formatBytes(step.sentBytes)} of {formatBytes(step.totalBytes)} sent
      </p>
      <button type="button" className="button-quiet" onClick={onCancel}>
        Cancel upload
      </button>
    </div>
  );
}
