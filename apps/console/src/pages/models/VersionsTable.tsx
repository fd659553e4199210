import { Link } from 'react-router';
import type { ModelVersionView } from '../../api/views';
import { formatBytes } from '../../components/format';
import { Section } from '../../components/Page';
import { RelativeTime } from '../../components/RelativeTime';
import { versionPagePath } from './model-paths';

/** Every uploaded version of a model, oldest first, the shown one marked. */
export function VersionsTable({ versions, selected }: { versions: ModelVersionView[]; selected: number | null }) {
  return (
    <Section title={`Versions (${versions.length})`} id="versions">
      {versions.length === 0 ? (
        <p className="empty">This model has no version yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Versions of the model</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="number">
                Size
              </th>
              <th scope="col">Created</th>
              <th scope="col">Distilled from</th>
              <th scope="col">Calibration set</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version} className={version.version === selected ? 'selected' : undefined}>
                <th scope="row">
                  <Link
                    to={versionPagePath(version.model, version.version)}
                    aria-current={version.version === selected ? 'page' : undefined}
                  >
                    version {version.version}
                  </Link>
                </th>
                <td className="number">{formatBytes(version.sizeBytes)}</td>
                <td>
                  <RelativeTime iso={version.createdAt} />
                </td>
                <td>{version.teacher ? `${version.teacher.model}@${version.teacher.version}` : '—'}</td>
                <td>
                  {version.calibrationSet
                    ? `${version.calibrationSet.samples} samples (${formatBytes(version.calibrationSet.sizeBytes)})`
                    : 'none: synthetic inputs'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
