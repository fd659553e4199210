import type { DeploymentForm } from './deployment-form';
import { FormField } from './FormField';

type Update = (change: Partial<DeploymentForm>) => void;

/** The gate thresholds judged at the end of each bake, with the CLI's defaults; exactly one p95 gate. */
export function GateFields({ form, update }: { form: DeploymentForm; update: Update }) {
  return (
    <fieldset>
      <legend>Gates</legend>
      <fieldset className="choice">
        <legend>Latency gate</legend>
        <label>
          <input type="radio" name="latency-gate" checked={form.latencyGate === 'absolute'} onChange={() => update({ latencyGate: 'absolute' })} /> Highest p95 latency
        </label>
        <label>
          <input type="radio" name="latency-gate" checked={form.latencyGate === 'regression'} onChange={() => update({ latencyGate: 'regression' })} /> Highest p95 increase
          against the variant the devices ran before
        </label>
      </fieldset>
      {form.latencyGate === 'absolute' ? (
        <FormField id="max-p95-ms" label="Highest p95 latency (ms)" type="number" min={0} step="any" value={form.maxP95LatencyMs} onChange={(maxP95LatencyMs) => update({ maxP95LatencyMs })} hint="p95 of the wave's inferences during its bake. Suggested 50." />
      ) : (
        <FormField
          id="max-p95-regression"
          label="Highest p95 increase (%)"
          type="number"
          min={0}
          step="any"
          value={form.maxP95RegressionPercent}
          onChange={(maxP95RegressionPercent) => update({ maxP95RegressionPercent })}
          hint="Against the same devices' p95 in the hour before. Suggested 20."
        />
      )}
      <div className="field-row">
        <FormField
          id="max-failed-percent"
          label="Most failed devices (%)"
          type="number"
          min={0}
          max={100}
          step="any"
          value={form.maxFailedPercent}
          onChange={(maxFailedPercent) => update({ maxFailedPercent })}
          hint="Of a wave's devices. Default 0."
        />
        <FormField
          id="max-error-rate"
          label="Highest error rate (0–1)"
          type="number"
          min={0}
          max={1}
          step="any"
          value={form.maxErrorRate}
          onChange={(maxErrorRate) => update({ maxErrorRate })}
          hint="Errors per inference. Default 0.01."
        />
        <FormField
          id="min-reported-percent"
          label="Least reporting devices (%)"
          type="number"
          min={0}
          max={100}
          step="any"
          value={form.minReportedPercent}
          onChange={(minReportedPercent) => update({ minReportedPercent })}
          hint="Of a wave's devices. Default 100."
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.autoRollback} onChange={(event) => update({ autoRollback: event.target.checked })} /> Roll back by itself when a
        wave fails its gates (else pause for an operator)
      </label>
    </fieldset>
  );
}
