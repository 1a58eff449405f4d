/**
 * A deterministic voice-like test signal: syllables of vowels (harmonics of a moving pitch,
 * shaped by vowel formants), with attack/decay envelopes and short pauses between them. Not
 * speech, but it has speech's spectrum, pitch contour and rhythm, so the demo needs no fixture.
 */
const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], // a
  [530, 1840, 2480], // e
  [270, 2290, 3010], // i
  [570, 840, 2410], // o
  [300, 870, 2240], // u
];

/** Formant envelope: the sum of three resonance bumps. */
function formantGain(f: number, [f1, f2, f3]: readonly [number, number, number]): number {
  const bump = (centre: number, width: number) => 1 / (1 + ((f - centre) / width) ** 2);
  return bump(f1, 90) + 0.6 * bump(f2, 120) + 0.3 * bump(f3, 170);
}

/**
 * @param seconds - Length of the signal.
 * @param sampleRate - Its sample rate.
 * @returns Mono 16-bit PCM.
 */
export function voiceLike(seconds: number, sampleRate: number): Int16Array {
  const total = Math.round(seconds * sampleRate);
  const out = new Int16Array(total);
  const syllable = Math.round(0.24 * sampleRate);
  const pause = Math.round(0.08 * sampleRate);
  let phase = 0;
  for (let start = 0, n = 0; start < total; start += syllable + pause, n++) {
    const vowel = VOWELS[(n * 3) % VOWELS.length] as readonly [number, number, number];
    const len = Math.min(syllable, total - start);
    for (let i = 0; i < len; i++) {
      const t = i / syllable;
      // Pitch rises then falls across the syllable, and drifts across the phrase.
      const f0 = 110 + 40 * Math.sin(Math.PI * t) + 15 * Math.sin(n * 0.7);
      phase += (2 * Math.PI * f0) / sampleRate;
      let v = 0;
      for (let k = 1; k * f0 < Math.min(4000, sampleRate / 2); k++) {
        v += (formantGain(k * f0, vowel) / k) * Math.sin(k * phase);
      }
      const envelope = Math.min(1, t / 0.1) * Math.min(1, (1 - t) / 0.25);
      out[start + i] = Math.round(Math.max(-1, Math.min(1, 0.9 * v * envelope)) * 20000);
    }
  }
  return out;
}
