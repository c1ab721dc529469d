/**
 * A zero-copy view of a TCP header inside a byte array: getters and setters that read and write the
 * wire bytes in place (RFC 9293 §3.1), in the manner of smoltcp's `TcpPacket`.
 *
 * Guarantees:
 * - {@link TcpView.from} checks the length and the data offset once, as {@link decode} does; after
 *   that no getter throws, whatever the bytes hold, even if they are changed behind the view's back
 *   (the option walk stays inside the array).
 * - Reading a number or a flag allocates nothing (checked by a heap-growth test);
 *   {@link TcpView.optionBytes} and {@link TcpView.payload} allocate a subarray (a view, not a copy).
 * - Setters check their value as {@link encode} does (`TypeError` for a wrong type, `RangeError`
 *   out of range, the same messages) and write only the bytes of their field.
 * - {@link TcpView.options} walks the option area lazily, with the same checks in the same order as
 *   {@link decode}; a malformed option ends the walk in one entry that carries the problem instead of
 *   throwing (see {@link TcpViewOption.problem}). The walk is an iterator of entries and also a
 *   cursor that allocates nothing ({@link TcpOptionWalk.advance}).
 *
 * The view in `view/view.ts`, its flags in `view/flags.ts`, its option walk in
 * `view/option-walk.ts`; why the hot code looks as it does is in docs/performance.md.
 *
 * @module
 */
export { TcpFlagsView } from './view/flags.ts';
export { TcpOptionWalk, TcpViewOption } from './view/option-walk.ts';
export { TcpView } from './view/view.ts';
