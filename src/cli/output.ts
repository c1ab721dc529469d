/**
 * Standard output in blocks: lines are gathered and written about 16 KiB at a time, waiting for the
 * stream to drain, so a slow reader of the output holds memory at one block, not the whole file; small blocks also keep few pending lines alive across garbage collections.
 *
 * @module
 */
import type { Writable } from 'node:stream';

/** Size at which gathered text is written out. */
const BLOCK = 16384;

/** Gathers lines for a writable stream. */
export class LineOutput {
  readonly #stream: Writable;
  /** Lines not yet written, and their length with line breaks. */
  #lines: string[] = [];
  #size = 0;
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
    return this.#size >= BLOCK;
  }

  /** Adds one line (the line break is added). */
  line(text: string): void {
    this.#lines.push(text);
    this.#size += text.length + 1;
  }

  /**
   * Writes what is gathered, waiting while the stream's buffer is full.
   *
   * @throws the stream's error, other than a closed pipe
   */
  async flush(): Promise<void> {
    if (this.#lines.length > 0 && !this.#closed) {
      // One joined string, written as Latin-1 (the lines are ASCII: tcpdump's text escapes other
      // bytes), which is a plain copy.
      this.#lines.push('');
      const text = this.#lines.join('\n');
      this.#lines = [];
      this.#size = 0;
      if (!this.#stream.write(text, 'latin1')) await this.#drained();
    }
    this.#lines = [];
    this.#size = 0;
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
