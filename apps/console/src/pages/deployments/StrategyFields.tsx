import type { DeploymentForm } from './deployment-form';
import { FormField } from './FormField';

type Update = (change: Partial<DeploymentForm>) => void;

/** Waves: a canary of some devices (or a share of the target) first, then the rest; each bakes before its gates are judged. */
export function StrategyFields({ form, update }: { form: DeploymentForm; update: Update }) {
  return (
    <fieldset>
      <legend>Waves</legend>
      <div className="field-row">
        <FormField
          id="canary-size"
          label="Canary wave size"
          type="number"
          min={0}
          step="any"
          value={form.canarySize}
          onChange={(canarySize) => update({ canarySize })}
          hint="First wave; the second takes every device left. Empty: one wave, all at once."
        />
        <div className="field">
          <label htmlFor="canary-unit">Canary size in</label>
          <select id="canary-unit" name="canary-unit" value={form.canaryUnit} onChange={(event) => update({ canaryUnit: event.target.value as DeploymentForm['canaryUnit'] })}>
            <option value="count">devices</option>
            <option value="percent">% of the target</option>
          </select>
        </div>
      </div>
      <div className="field-row">
        <FormField
          id="bake-seconds"
          label="Bake time of each wave (seconds)"
          type="number"
          min={0}
          value={form.bakeSeconds}
          onChange={(bakeSeconds) => update({ bakeSeconds })}
          hint="How long a wave serves the new variant before its gates are judged. Default 60."
        />
        <FormField
          id="deadline-seconds"
          label="Deadline (seconds)"
          type="number"
          min={1}
          value={form.deadlineSeconds}
          onChange={(deadlineSeconds) => update({ deadlineSeconds })}
          hint="Devices not active this long after the start count as timed out. Default 3600."
        />
      </div>
    </fieldset>
  );
}
