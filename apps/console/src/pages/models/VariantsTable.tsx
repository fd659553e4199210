import type { CompileJobView } from '../../api/views';
import { formatBytes, formatMs, formatPercent } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCosine, formatError, formatSizeRatio } from './variant-format';

/**
 * One row per variant: how it was built, whether it passed its profile's accuracy budget, and
 * the figures it was judged on (measured in ONNX Runtime against the fp32 original).
 */
export function VariantsTable({ model, version, jobs }: { model: string; version: number; jobs: CompileJobView[] }) {
  return (
    <table className="variants">
      <caption className="visually-hidden">
        Variants of {model} version {version}
      </caption>
      <thead>
        <tr>
          <th scope="col">Hardware profile</th>
          <th scope="col">Status</th>
          <th scope="col" className="number">
            Size
          </th>
          <th scope="col" className="number">
            Size vs original
          </th>
          <th scope="col" className="number">
            Cosine similarity
          </th>
          <th scope="col" className="number">
            Top-1 agreement
          </th>
          <th scope="col" className="number">
            Max abs error
          </th>
          <th scope="col" className="number">
            Host latency (median)
          </th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <VariantRow key={job.id} job={job} />
        ))}
      </tbody>
    </table>
  );
}

function VariantRow({ job }: { job: CompileJobView }) {
  const figures = job.figures;
  const budget = job.accuracyBudget;
  return (
    <tr>
      <th scope="row">
        {job.hardwareProfile}
        {optionsText(job) && <span className="hint block">{optionsText(job)}</span>}
      </th>
      <td>
        <StatusBadge status={job.status} />
        {job.status === 'compiling' && job.stage && <span className="hint block">{job.stage}…</span>}
      </td>
      <td className="number">{figures ? formatBytes(figures.sizeBytes) : job.artifact ? formatBytes(job.artifact.sizeBytes) : '—'}</td>
      <td className="number">{figures ? formatSizeRatio(figures.sizeRatio) : '—'}</td>
      <td className="number">
        {figures ? formatCosine(figures.cosine) : '—'}
        {figures && <span className="hint block">min {formatCosine(figures.minCosine)}; needs ≥ {formatCosine(budget.minCosine)}</span>}
      </td>
      <td className="number">
        {figures ? formatPercent(figures.top1Agreement) : '—'}
        {figures?.top1Agreement != null && <span className="hint block">needs ≥ {formatPercent(budget.minTop1Agreement)}</span>}
      </td>
      <td className="number">{figures ? formatError(figures.maxAbsError) : '—'}</td>
      <td className="number">
        {figures ? formatMs(figures.hostLatencyMs.variant) : '—'}
        {figures && <span className="hint block">original {formatMs(figures.hostLatencyMs.original)}</span>}
      </td>
      <td>{job.reason ?? '—'}</td>
    </tr>
  );
}

/** The request's options, when it had any: "pruned to 50 %", "2 nodes kept in float". */
function optionsText(job: CompileJobView): string | null {
  const parts: string[] = [];
  if (job.options.pruneSparsity !== undefined) parts.push(`pruned to ${formatPercent(job.options.pruneSparsity, 0)} zeros`);
  if (job.options.keepInFloat?.length) parts.push(`${job.options.keepInFloat.length} nodes kept in float`);
  if (job.options.accuracyBudget) parts.push('own accuracy budget');
  return parts.length ? parts.join(', ') : null;
}
