import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ModelVersionView } from '../../api/views';
import { UploadProgressBar } from './UploadProgressBar';
import { useModelUpload } from './use-model-upload';
import { versionPagePath } from './model-paths';

/**
 * The model name, the ONNX file and optionally its calibration set and teacher. The API checks
 * the name and the file; its refusal is shown next to the form, which keeps what was entered.
 */
export function UploadModelForm({ initialName }: { initialName: string }) {
  const navigate = useNavigate();
  const { step, start, cancel } = useModelUpload();
  const [name, setName] = useState(initialName);
  const [teacher, setTeacher] = useState('');
  const [model, setModel] = useState<File | null>(null);
  const [calibrationSet, setCalibrationSet] = useState<File | null>(null);
  const [error, setError] = useState<{ message: string; version: ModelVersionView | null } | null>(null);
  const [note, setNote] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNote(null);
    if (!name.trim()) return setError({ message: 'Enter a model name.', version: null });
    if (!model) return setError({ message: 'Choose the ONNX file to upload.', version: null });
    const outcome = await start({ name: name.trim(), teacher, model, calibrationSet });
    if (outcome.kind === 'uploaded') await navigate(versionPagePath(outcome.version.model, outcome.version.version));
    else if (outcome.kind === 'cancelled') setNote('Upload cancelled; nothing new was stored.');
    else setError({ message: outcome.message, version: outcome.version });
  }

  const busy = step !== null;
  return (
    <form onSubmit={submit} noValidate aria-describedby={error ? 'upload-error' : undefined}>
      <label htmlFor="model-name">Model name</label>
      <input
        id="model-name"
        name="model-name"
        autoComplete="off"
        spellCheck={false}
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-describedby="model-name-hint"
        disabled={busy}
      />
      <p id="model-name-hint" className="hint">
        Lowercase letters, digits, “.”, “_” or “-”. An existing name gets a new version.
      </p>

      <label htmlFor="model-file">ONNX file</label>
      <input
        id="model-file"
        name="model-file"
        type="file"
        accept=".onnx,application/octet-stream"
        onChange={(event) => setModel(event.target.files?.[0] ?? null)}
        disabled={busy}
      />

      <label htmlFor="calibration-file">Calibration set (optional)</label>
      <input
        id="calibration-file"
        name="calibration-file"
        type="file"
        accept=".npz"
        onChange={(event) => setCalibrationSet(event.target.files?.[0] ?? null)}
        aria-describedby="calibration-file-hint"
        disabled={busy}
      />
      <p id="calibration-file-hint" className="hint">
        An .npz with one array per model input, samples stacked on the first axis. Without one, variants are calibrated and
        verified on synthetic inputs.
      </p>

      <label htmlFor="teacher">Distilled from (optional)</label>
      <input
        id="teacher"
        name="teacher"
        autoComplete="off"
        spellCheck={false}
        placeholder="model@version"
        value={teacher}
        onChange={(event) => setTeacher(event.target.value)}
        aria-describedby="teacher-hint"
        disabled={busy}
      />
      <p id="teacher-hint" className="hint">
        The teacher model version, e.g. <code>text-direction@1</code>: variants are then also compared with it.
      </p>

      {error && (
        <div id="upload-error" className="notice notice-error" role="alert">
          {error.message}
          {error.version && (
            <>
              {' '}
              The model itself was stored as{' '}
              <Link to={versionPagePath(error.version.model, error.version.version)}>version {error.version.version}</Link>.
            </>
          )}
        </div>
      )}
      {note && (
        <p className="notice notice-info" role="status">
          {note}
        </p>
      )}
      {step ? <UploadProgressBar step={step} onCancel={cancel} /> : <button type="submit">Upload model</button>}
    </form>
  );
}
