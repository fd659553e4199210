import type { FleetSummaryView } from '../../api/views';
import { formatNumber } from '../../components/format';

/** The fleet's headline numbers, one card each. */
export function FleetSummaryCards({ summary }: { summary: FleetSummaryView }) {
  const cards = [
    { label: 'Devices in service', value: summary.total, hint: 'not decommissioned' },
    { label: 'Online', value: summary.byStatus.online },
    { label: 'Offline', value: summary.byStatus.offline },
    { label: 'Provisioned', value: summary.byStatus.provisioned, hint: 'never connected' },
    { label: 'Decommissioned', value: summary.byStatus.decommissioned },
  ];
  return (
    <ul className="cards" aria-label="Fleet summary">
      {cards.map((card) => (
        <li className="card" key={card.label}>
          <span className="card-label">{card.label}</span>
          <span className="figure">{formatNumber(card.value)}</span>
          {card.hint && <span className="hint">{card.hint}</span>}
        </li>
      ))}
    </ul>
  );
}
