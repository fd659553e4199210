import { useState } from 'react';
import type { DeploymentEventView } from '../../api/views';
import { formatTime } from '../../components/format';
import { describeActor, describeEvent } from './timeline-text';

/** Who did what, when: newest first by default (what just happened is what one looks for). */
export function DeploymentTimeline({ events }: { events: DeploymentEventView[] }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const shown = newestFirst ? [...events].reverse() : events;
  return (
    <>
      <button type="button" className="button-quiet" onClick={() => setNewestFirst(!newestFirst)} aria-pressed={newestFirst}>
        Newest first
      </button>
      <table className="timeline">
        <caption className="visually-hidden">Timeline, {newestFirst ? 'newest' : 'oldest'} first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((event, index) => (
            <tr key={`${event.at}-${event.type}-${index}`} data-event={event.type}>
              <td>
                <time dateTime={event.at}>{formatTime(event.at)}</time>
              </td>
              <th scope="row">{describeEvent(event)}</th>
              <td>{describeActor(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
