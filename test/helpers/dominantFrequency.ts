/** Goertzel power of one frequency over a block of mono samples. */
export function power(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] as number) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/**
 * The strongest frequency in `samples`: a coarse scan from 20 Hz to Nyquist in `coarseStep` Hz,
 * then a 0.5 Hz scan around the winner.
 */
export function dominantFrequency(
  samples: ArrayLike<number>,
  sampleRate: number,
  coarseStep = 10,
): number {
  const best = (from: number, to: number, step: number): number => {
    let bestF = from;
    let bestP = -1;
    for (let f = from; f <= to; f += step) {
      const p = power(samples, sampleRate, f);
      if (p > bestP) [bestF, bestP] = [f, p];
    }
    return bestF;
  };
  const coarse = best(20, sampleRate / 2 - coarseStep, coarseStep);
  return best(coarse - coarseStep, coarse + coarseStep, 0.5);
}

/** Root-mean-square of a block of samples. */
export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}
