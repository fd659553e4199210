import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/hooks';
import type { DeviceView } from '../../api/views';
import { useSession } from '../../app/session';
import { formatLabels, parseLabels } from './labels';
import { LabelsField } from './LabelsField';

/**
 * Edits a device's labels as text. Saved as a JSON merge patch: labels removed from the text are
 * sent as null (removed), the others set, so a concurrent change to another field is not undone.
 */
export function LabelEditor({ device }: { device: DeviceView }) {
  const { api } = useSession();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useApiMutation(
    (labels: Record<string, string | null>) => api.patch<DeviceView>(`/devices/${device.id}`, { labels }),
    [`/devices/${device.id}`, '/devices', '/fleet'],
  );

  if (!editing) {
    return (
      <button
        type="button"
        className="button-quiet"
        onClick={() => {
          setText(formatLabels(device.labels, '\n'));
          setProblem(null);
          save.reset();
          setEditing(true);
        }}
      >
        Edit labels
      </button>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseLabels(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    const patch: Record<string, string | null> = { ...parsed.labels };
    for (const key of Object.keys(device.labels)) if (!(key in parsed.labels)) patch[key] = null;
    save.mutate(patch, { onSuccess: () => setEditing(false) });
  }

  const error = problem ?? save.error?.message ?? null;
  return (
    <form onSubmit={submit} noValidate className="label-editor">
      <LabelsField
        id="edit-labels"
        label={`Labels of ${device.name}`}
        hint="key=value, one a line or separated by commas; delete a line to remove that label."
        value={text}
        error={error}
        autoFocus
        onChange={(next) => {
          setText(next);
          setProblem(null);
        }}
      />
      <div className="actions-row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving labels…' : 'Save labels'}
        </button>
        <button type="button" className="button-quiet" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
