import type { ModelVersionView } from '../../api/views';
import { formatBytes, formatNumber, formatTime } from '../../components/format';
import { Section } from '../../components/Page';
import { defaultOpset, formatTensor } from './variant-format';

/** What the uploaded file declares, in the words of `edgeplane models show <name> <version>`. */
export function VersionDetails({ version }: { version: ModelVersionView }) {
  const { metadata } = version;
  const operators = Object.entries(metadata.operators).sort(([, a], [, b]) => b - a);
  return (
    <Section title={`Version ${version.version}`} id="version">
      <dl className="facts">
        <dt>SHA-256</dt>
        <dd className="secret">{version.sha256}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(version.sizeBytes)} ({formatNumber(metadata.parameterCount)} parameters, {formatBytes(metadata.weightBytes)} of
          weights)
        </dd>
        <dt>Producer</dt>
        <dd>
          {[metadata.producer.name, metadata.producer.version].filter(Boolean).join(' ') || 'not recorded'}, IR {metadata.irVersion}, opset{' '}
          {defaultOpset(version)}
        </dd>
        <dt>Inputs</dt>
        <dd>
          <TensorList tensors={metadata.inputs} />
        </dd>
        <dt>Outputs</dt>
        <dd>
          <TensorList tensors={metadata.outputs} />
        </dd>
        <dt>Operators</dt>
        <dd>
          {formatNumber(metadata.nodeCount)} nodes: {operators.map(([op, count]) => `${op}×${count}`).join(' ')}
        </dd>
        <dt>Uploaded</dt>
        <dd>{formatTime(version.createdAt)}</dd>
      </dl>
    </Section>
  );
}

function TensorList({ tensors }: { tensors: ModelVersionView['metadata']['inputs'] }) {
  return (
    <ul className="plain-list">
      {tensors.map((tensor) => (
        <li key={tensor.name}>
          <code>{formatTensor(tensor)}</code>
        </li>
      ))}
    </ul>
  );
}
