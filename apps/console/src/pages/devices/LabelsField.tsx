import type { ReactNode } from 'react';

/** A labelled textarea of `key=value` labels with its hint and, when there is one, the reason it was refused. */
export function LabelsField({
  id,
  label,
  hint,
  value,
  error,
  onChange,
  autoFocus = false,
}: {
  id: string;
  label: ReactNode;
  hint: string;
  value: string;
  error: string | null;
  onChange: (text: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? true : undefined}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
