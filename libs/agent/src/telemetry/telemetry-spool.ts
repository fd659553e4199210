import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';

/** A spooled message and its place in the queue. */
export interface SpooledMessage {
  /** Position in the spool; increases with every message. */
  sequence: number;
  /** The message exactly as it will be published (its envelope, and so its messageId, fixed). */
  payload: string;
}

const DROPPED_FILE = 'dropped';
const MESSAGE_FILE = /^(\d{16})\.json$/;

/**
 * Telemetry waiting for the broker's acknowledgement, one file per message in a directory, so it
 * survives a restart and a message leaves only once it is delivered. Bounded: beyond `maxMessages`
 * the oldest are dropped, and the count of dropped messages waits (on disk too) for the next
 * message to carry it.
 */
export class TelemetrySpool {
  private appending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly directory: string,
    private readonly maxMessages: number,
    private readonly sequences: number[],
    private dropped: number,
  ) {}

  static async open(directory: string, maxMessages: number): Promise<TelemetrySpool> {
    await mkdir(directory, { recursive: true });
    const sequences = (await readdir(directory))
      .map((name) => MESSAGE_FILE.exec(name)?.[1])
      .filter((sequence): sequence is string => sequence !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const dropped = Number(await readFile(join(directory, DROPPED_FILE), 'utf8').catch(() => '0')) || 0;
    const spool = new TelemetrySpool(directory, maxMessages, sequences, dropped);
    await spool.trim();
    return spool;
  }

  get size(): number {
    return this.sequences.length;
  }

  /**
   * Adds a message behind the others. Appends take turns: the reporter and the drainer (sending a dead
   * replica's last minute again) both append, and two at once would pick the same sequence, the second
   * file replacing the first.
   */
  append(payload: string): Promise<void> {
    const appended = this.appending.then(() => this.appendNow(payload));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  private async appendNow(payload: string): Promise<void> {
    const sequence = (this.sequences.at(-1) ?? 0) + 1;
    await writeFileAtomic(this.path(sequence), payload);
    this.sequences.push(sequence);
    await this.trim();
  }

  /** The oldest message, or undefined when the spool is empty. */
  async peek(): Promise<SpooledMessage | undefined> {
    while (this.sequences.length > 0) {
      const sequence = this.sequences[0];
      try {
        return { sequence, payload: await readFile(this.path(sequence), 'utf8') };
      } catch {
        this.sequences.shift(); // gone or unreadable: nothing to deliver
      }
    }
    return undefined;
  }

  /** Removes a delivered message (a no-op if it was dropped meanwhile). */
  async remove(sequence: number): Promise<void> {
    const index = this.sequences.indexOf(sequence);
    if (index < 0) return;
    this.sequences.splice(index, 1);
    await rm(this.path(sequence), { force: true });
  }

  /** Messages dropped since the last call; the count restarts at 0. */
  async takeDropped(): Promise<number> {
    const dropped = this.dropped;
    if (dropped > 0) await this.saveDropped(0);
    return dropped;
  }

  private async trim(): Promise<void> {
    const excess = this.sequences.splice(0, Math.max(0, this.sequences.length - this.maxMessages));
    if (excess.length === 0) return;
    await Promise.all(excess.map((sequence) => rm(this.path(sequence), { force: true })));
    await this.saveDropped(this.dropped + excess.length);
  }

  private async saveDropped(count: number): Promise<void> {
    this.dropped = count;
    await writeFileAtomic(join(this.directory, DROPPED_FILE), String(count));
  }

  private path(sequence: number): string {
    return join(this.directory, `${String(sequence).padStart(16, '0')}.json`);
  }
}
