/**
 * A clock whose readings never repeat or go back: the controller orders an agent's reports by their
 * `sentAt`, and two state changes in one millisecond (loading, then failed) must not tie.
 */
export class StrictlyIncreasingClock {
  private last = 0;

  now(): Date {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last);
  }
}
