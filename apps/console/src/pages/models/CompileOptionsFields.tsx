import type { CompileOptions } from '../../api/views';

/** The compile options as typed: text, so that the API (not the browser) judges and explains a bad value. */
export interface CompileOptionsInput {
  pruneSparsity: string;
  keepInFloat: string;
  minCosine: string;
  minTop1Agreement: string;
}

export const NO_OPTIONS: CompileOptionsInput = { pruneSparsity: '', keepInFloat: '', minCosine: '', minTop1Agreement: '' };

/** The request's options, only those filled in (the rest come from each profile), like `edgeplane compile`'s flags. */
export function compileOptions(input: CompileOptionsInput): CompileOptions | undefined {
  const number = (text: string) => (text.trim() === '' ? undefined : asNumber(text.trim()));
  const keepInFloat = input.keepInFloat
    .split(',')
    .map((node) => node.trim())
    .filter(Boolean);
  const budget = { minCosine: number(input.minCosine), minTop1Agreement: number(input.minTop1Agreement) };
  const options: CompileOptions = {
    pruneSparsity: number(input.pruneSparsity),
    keepInFloat: keepInFloat.length ? keepInFloat : undefined,
    accuracyBudget: budget.minCosine === undefined && budget.minTop1Agreement === undefined ? undefined : budget,
  };
  return Object.values(options).some((value) => value !== undefined) ? options : undefined;
}

/**
 * A number as typed; text that is not one is sent as it is, so that the API refuses it naming the
 * field (NaN would go out as JSON null, which the API reads as "not given").
 */
function asNumber(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : (text as unknown as number);
}

const FIELDS: Array<{ key: keyof CompileOptionsInput; label: string; hint: string; numeric: boolean }> = [
  { key: 'pruneSparsity', label: 'Prune to sparsity', hint: '0.05–0.95: zero this share of the weights first; kept only if the variant still passes.', numeric: true },
  { key: 'keepInFloat', label: 'Keep in float', hint: 'Static-int8 profiles: comma-separated Conv/MatMul/Gemm node names to leave in float.', numeric: false },
  { key: 'minCosine', label: 'Least cosine similarity', hint: "0–1: overrides the profiles' accuracy budget.", numeric: true },
  { key: 'minTop1Agreement', label: 'Least top-1 agreement', hint: "0–1: overrides the profiles' accuracy budget.", numeric: true },
];

/** Optional, folded away: most compiles use each profile's own settings. */
export function CompileOptionsFields({ value, onChange }: { value: CompileOptionsInput; onChange: (next: CompileOptionsInput) => void }) {
  return (
    <details className="compile-options">
      <summary>Options (pruning, layers kept in float, accuracy budget)</summary>
      {FIELDS.map((field) => (
        <div key={field.key} className="option-field">
          <label htmlFor={`option-${field.key}`}>{field.label}</label>
          <input
            id={`option-${field.key}`}
            inputMode={field.numeric ? 'decimal' : 'text'}
            autoComplete="off"
            spellCheck={false}
            value={value[field.key]}
            onChange={(event) => onChange({ ...value, [field.key]: event.target.value })}
            aria-describedby={`option-${field.key}-hint`}
          />
          <p id={`option-${field.key}-hint`} className="hint">
            {field.hint}
          </p>
        </div>
      ))}
    </details>
  );
}
