/**
 * Where `needle` occurs in `haystack`, sample for sample, like `String.prototype.indexOf`: the
 * first index at or after `fromIndex`, or -1. Finds captured audio inside what a loopback or a
 * recorder delivered, which may start with silence and be cut into frames on another clock.
 *
 * ```text
 * indexOfPcm([0,0,0,5,6,7,0], [5,6,7])  ->  3
 * indexOfPcm([5,6], [6,7])              -> -1
 * ```
 *
 * @example
 * ```ts
 * import { concatPcm, indexOfPcm } from 'livekit-rx';
 * const at = indexOfPcm(concatPcm(received.map((f) => f.data)), concatPcm(sent.map((f) => f.data)));
 * console.log(at >= 0 ? `sample-exact, ${at} samples of lead-in` : 'altered on the way');
 * ```
 *
 * @param haystack - The samples to search.
 * @param needle - The samples to find (an empty needle is found at `fromIndex`).
 * @param fromIndex - Where to start searching (default 0).
 * @returns The index of the first match, or -1.
 */
export function indexOfPcm(haystack: Int16Array, needle: Int16Array, fromIndex = 0): number {
  const last = haystack.length - needle.length;
  if (needle.length === 0) return fromIndex <= haystack.length ? Math.max(0, fromIndex) : -1;
  const first = needle[0];
  for (let i = Math.max(0, fromIndex); i <= last; i++) {
    if (haystack[i] !== first) continue;
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
