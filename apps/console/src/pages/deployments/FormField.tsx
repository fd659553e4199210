import type { InputHTMLAttributes } from 'react';

/** A labelled input with a hint under it (the default, the unit), tied together for screen readers. */
export function FormField({
  id,
  label,
  hint,
  value,
  onChange,
  ...input
}: { id: string; label: string; hint?: string; value: string; onChange: (value: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
