/**
 * Standard output in blocks: lines are gathered and written 64 KiB at a time, waiting for the
 * stream to drain, so a slow reader of the output holds memory at one block, not the whole file.
 *
 * @module
 */
import type { Writable } from 'node:stream';

/** Size at which gathered text is written out. */
const BLOCK = 65536;

/** Gathers lines for a writable stream. */
export class LineOutput {
  readonly #stream: Writable;
  #pending = '';
  #closed = false;
  #error: Error | null = null;

  /**
   * @param stream - where the lines go (standard output)
   */
  constructor(stream: Writable) {
    this.#stream = stream;
    // A reader that goes away (`tcp-header pcap big.pcap | head`) ends the output quietly.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.#closed = true;
      if (error.code !== 'EPIPE') this.#error = error;
    });
  }

  /** Whether the reader has gone away (a closed pipe). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Whether enough text is gathered to be worth a {@link LineOutput.flush}. */
  get full(): boolean {
    return this.#pending.length >= BLOCK;
  }

  /** Adds one line (the line break is added). */
  line(text: string): void {
    this.#pending += `${text}\n`;
  }

  /**
   * Writes what is gathered, waiting while the stream's buffer is full.
   *
   * @throws the stream's error, other than a closed pipe
   */
  async flush(): Promise<void> {
    const text = this.#pending;
    this.#pending = '';
    if (text !== '' && !this.#closed && !this.#stream.write(text)) await this.#drained();
    if (this.#error !== null) throw this.#error;
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#stream.off('drain', done);
        this.#stream.off('error', done);
        resolve();
      };
      this.#stream.on('drain', done);
      this.#stream.on('error', done);
    });
  }
}
