/** The loudness envelope of a signal: the RMS of `window` samples, every `hop` samples. */
export function envelope(pcm: Int16Array, window: number, hop: number): number[] {
  const out: number[] = [];
  for (let start = 0; start + window <= pcm.length; start += hop) {
    let sum = 0;
    for (let i = start; i < start + window; i++) sum += (pcm[i] as number) ** 2;
    out.push(Math.sqrt(sum / window));
  }
  return out;
}

/** Pearson correlation of two equally long series (0 when either is constant). */
function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

/**
 * Where `sent` best lines up inside `received`: the lag (in envelope hops) with the highest correlation
 * of the two envelopes over the sent length, and that correlation.
 */
export function alignEnvelopes(
  sent: readonly number[],
  received: readonly number[],
): { lag: number; correlation: number } {
  let best = { lag: 0, correlation: -1 };
  for (let lag = 0; lag + sent.length <= received.length; lag++) {
    const c = pearson(sent, received.slice(lag, lag + sent.length));
    if (c > best.correlation) best = { lag, correlation: c };
  }
  return best;
}
