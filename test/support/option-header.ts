/**
 * A header around hand-written option bytes: ports 1 -> 2, seq 0, ack 0, flags ACK (0x10), window 0,
 * checksum 0, urgent pointer 0; the data offset counts the options, which must fill whole words.
 */
export function withOptions(...options: number[]): Uint8Array {
  if (options.length % 4 !== 0) throw new Error('options must fill 32-bit words');
  const dataOffset = 5 + options.length / 4;
  return Uint8Array.of(
    0,
    1,
    0,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    dataOffset << 4,
    0x10,
    0,
    0,
    0,
    0,
    0,
    0,
    ...options,
  );
}
