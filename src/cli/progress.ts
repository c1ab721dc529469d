/**
 * A running count on standard error while a long capture is read, only when standard error is a
 * terminal (so redirected or piped output never holds it).
 *
 * @module
 */

/** Wait this long before showing anything: short reads stay silent. */
const DELAY_MS = 1000;
/** Then redraw at most this often. */
const INTERVAL_MS = 250;

/** The count, redrawn in place on one terminal line. */
export class Progress {
  readonly #stream: NodeJS.WriteStream;
  readonly #active: boolean;
  readonly #start = Date.now();
  #last = 0;
  #shown = false;

  /**
   * @param stream - standard error
   */
  constructor(stream: NodeJS.WriteStream) {
    this.#stream = stream;
    this.#active = stream.isTTY === true;
  }

  /** Redraws the count if it is time to. */
  update(frames: number, segments: number, bytes: number): void {
    if (!this.#active) return;
    const now = Date.now();
    if (now - this.#start < DELAY_MS || now - this.#last < INTERVAL_MS) return;
    this.#last = now;
    this.#shown = true;
    const megabytes = (bytes / 1e6).toFixed(1);
    this.#stream.write(`\r${frames} frames, ${segments} TCP segments, ${megabytes} MB read`);
  }

  /** Removes the count line, before the output ends or an error is printed. */
  clear(): void {
    if (this.#shown) this.#stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
