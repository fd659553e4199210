/** The new-deployment form as typed: strings, as inputs hold them, until it is sent. */
export interface DeploymentForm {
  model: string;
  version: string;
  selector: string;
  /** Size of a first (canary) wave; empty: one wave, all at once. */
  canarySize: string;
  canaryUnit: 'count' | 'percent';
  bakeSeconds: string;
  latencyGate: 'absolute' | 'regression';
  maxP95LatencyMs: string;
  maxP95RegressionPercent: string;
  maxFailedPercent: string;
  maxErrorRate: string;
  minReportedPercent: string;
  deadlineSeconds: string;
  autoRollback: boolean;
  supersede: boolean;
}

/** The defaults of `edgeplane deploy` (libs/cli deploy.command.ts), so the console and the CLI start the same rollout. */
export const FORM_DEFAULTS: DeploymentForm = {
  model: '',
  version: '',
  selector: '',
  canarySize: '1',
  canaryUnit: 'count',
  bakeSeconds: '60',
  latencyGate: 'absolute',
  maxP95LatencyMs: '50',
  maxP95RegressionPercent: '20',
  maxFailedPercent: '0',
  maxErrorRate: '0.01',
  minReportedPercent: '100',
  deadlineSeconds: '3600',
  autoRollback: true,
  supersede: false,
};

/** A typed number; an empty field is null, which the API refuses naming the field (Number('') would be 0). */
function numberOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/**
 * POST /deployments' body (libs/contracts DeploymentRequest), numbers as typed: the API validates
 * every field once and says what is wrong in its own words; the form does not guess its rules.
 */
export function deploymentRequest(form: DeploymentForm) {
  const bakeSeconds = numberOf(form.bakeSeconds);
  const canary = numberOf(form.canarySize);
  const strategy =
    canary === null
      ? { kind: 'all-at-once', bakeSeconds }
      : { kind: 'waves', waves: [{ [form.canaryUnit]: canary, bakeSeconds }, { bakeSeconds }] };
  const latencyGate =
    form.latencyGate === 'absolute' ? { maxP95LatencyMs: numberOf(form.maxP95LatencyMs) } : { maxP95RegressionPercent: numberOf(form.maxP95RegressionPercent) };
  return {
    model: { name: form.model, version: numberOf(form.version) },
    target: form.selector.trim() ? { selector: form.selector.trim() } : {},
    strategy,
    gates: {
      maxFailedPercent: numberOf(form.maxFailedPercent),
      maxErrorRate: numberOf(form.maxErrorRate),
      minReportedPercent: numberOf(form.minReportedPercent),
      ...latencyGate,
    },
    autoRollback: form.autoRollback,
    deadlineSeconds: numberOf(form.deadlineSeconds),
    ...(form.supersede ? { supersede: true } : {}),
  };
}
