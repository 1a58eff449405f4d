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

/** One stretch of the sent envelope, lined up with the received one on its own. */
export interface AlignedBlock {
  /** Where the block starts in the sent envelope (hops). */
  readonly start: number;
  /** Its length (hops). */
  readonly length: number;
  /** Where it lines up in the received envelope, minus `start` (hops). */
  readonly lag: number;
  /** The correlation there. */
  readonly correlation: number;
}

/**
 * Lines up each block of about `blockHops` of the sent envelope on its own, within `searchHops`
 * of `lag` (the whole signal's lag). A stream that plays silence for a while (an underrun: the
 * sender was late) arrives stretched: one lag for the whole signal then fits only part of it,
 * while each block still lines up well, and the lags of the blocks tell how much silence came in.
 */
export function alignBlocks(
  sent: readonly number[],
  received: readonly number[],
  lag: number,
  blockHops: number,
  searchHops: number,
): AlignedBlock[] {
  const count = Math.max(1, Math.round(sent.length / blockHops));
  const blocks: AlignedBlock[] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.round((b * sent.length) / count);
    const end = Math.round(((b + 1) * sent.length) / count);
    const piece = sent.slice(start, end);
    let best = { lag, correlation: -1 };
    const from = Math.max(-start, lag - searchHops);
    for (let l = from; l <= lag + searchHops && start + l + piece.length <= received.length; l++) {
      const c = pearson(piece, received.slice(start + l, start + l + piece.length));
      if (c > best.correlation) best = { lag: l, correlation: c };
    }
    blocks.push({ start, length: piece.length, ...best });
  }
  return blocks;
}
