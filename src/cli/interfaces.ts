/**
 * Network interface names by index, as tcpdump finds them for Linux cooked v2 captures
 * (`if_indextoname` on the machine that reads the file): on Linux from `/sys/class/net`, elsewhere
 * none (tcpdump then prints `?`).
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

const SYS_NET = '/sys/class/net';

/**
 * A lookup of this machine's interface names by index, read once on first use.
 *
 * @returns a function from index to name, undefined when no interface has that index
 */
export function localInterfaceNames(): (index: number) => string | undefined {
  let names: Map<number, string> | null = null;
  return (index) => {
    if (names === null) {
      names = new Map();
      try {
        for (const name of readdirSync(SYS_NET)) {
          try {
            names.set(Number(readFileSync(`${SYS_NET}/${name}/ifindex`, 'utf8').trim()), name);
          } catch {
            // An interface that went away while we looked: skip it.
          }
        }
      } catch {
        // Not Linux: no names, as if_indextoname finds none.
      }
    }
    return names.get(index);
  };
}
