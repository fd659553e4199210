/** A dependency the controller cannot serve without; `/api/v1/ready` pings each one. */
export interface ReadinessProbe {
  /** Name shown in the readiness report, e.g. `postgres`. */
  readonly dependency: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  ping(): Promise<void>;
}

/** Result of one probe in the readiness report. */
export interface ProbeResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** Body of `/api/v1/ready`: 200 when every dependency is up, 503 otherwise. */
export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  checks: Record<string, ProbeResult>;
}
