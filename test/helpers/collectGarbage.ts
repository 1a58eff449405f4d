import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full garbage collection, so heap measurements compare live memory only. */
export function collectGarbage(): void {
  gc();
  gc();
}
