/**
 * execa, imported when the first process is started rather than at start-up: its hundred modules
 * cost about 0.1 s of CPU, and a run whose builds and versions all come from caches starts none.
 */
import type { execa as Execa } from 'execa';

let loaded: typeof Execa | undefined;

export async function loadExeca(): Promise<typeof Execa> {
  loaded ??= (await import('execa')).execa;
  return loaded;
}
