/**
 * The two ways a run of `tcp-header` fails: a command line it cannot run (exit status 2), and input
 * it cannot read (exit status 1, after printing what could be read). Each is reported as one line on
 * standard error.
 *
 * @module
 */

/** A command line that cannot be run: an unknown command or option, a missing argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad input for a command: bad hex, a capture that breaks its format, a file that cannot be read. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
