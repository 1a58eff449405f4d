import { AudioFrame } from '@livekit/rtc-node';
import { concatPcm, FrameFormatError, interleavePcm, mix, sinePcm } from 'livekit-rx';
import { asapScheduler, from, lastValueFrom, of, scheduled, toArray } from 'rxjs';
import { power } from './helpers/dominantFrequency';
import { useNativeRuntime } from './helpers/native';

useNativeRuntime();

/** One second of a sine in 10 ms frames, the same on every channel. */
function sineSecond(sampleRate: number, channels: number, frequency: number): AudioFrame[] {
  const n = sampleRate / 100;
  return Array.from({ length: 100 }, (_, i) => {
    const mono = sinePcm({
      frequency,
      sampleRate,
      samplesPerChannel: n,
      amplitude: 8000,
      startSample: i * n,
    });
    const data =
      channels === 1 ? mono : interleavePcm(Array.from({ length: channels }, () => mono));
    return new AudioFrame(data, sampleRate, channels, n);
  });
}

/** The amplitude of one frequency in a block (Goertzel). */
const amplitude = (pcm: Int16Array, rate: number, f: number) =>
  (2 * Math.sqrt(power(pcm, rate, f))) / pcm.length;

describe('mix with convert (the native resampler)', () => {
  it('mixes a 16 kHz mono and a 48 kHz stereo source into 48 kHz mono, keeping both tones', async () => {
    // One frame per turn each, so the two play at the same time.
    const low = scheduled(sineSecond(16000, 1, 440), asapScheduler);
    const high = scheduled(sineSecond(48000, 2, 1000), asapScheduler);
    const out = await lastValueFrom(
      mix(of(low, high), {
        sampleRate: 48000,
        numChannels: 1,
        convert: true,
        streamTimeoutMs: 10_000,
      }).pipe(toArray()),
    );
    expect(
      out.every((f) => f.sampleRate === 48000 && f.channels === 1 && f.samplesPerChannel === 480),
    ).toBe(true);
    const pcm = concatPcm(out.map((f) => f.data));
    // One second of each, the resampler's flushed tail padded to whole blocks.
    expect(pcm.length).toBeGreaterThanOrEqual(48000);
    expect(pcm.length).toBeLessThanOrEqual(48000 + 2 * 480);
    const steady = pcm.subarray(4800, 43200); // skip the resampler's run-in and tail
    expect(amplitude(steady, 48000, 440) / 8000).toBeCloseTo(1, 1);
    expect(amplitude(steady, 48000, 1000) / 8000).toBeCloseTo(1, 1);
    expect(amplitude(steady, 48000, 700)).toBeLessThan(100);
  });

  it('without convert, the first source in another format ends the mix with a FrameFormatError', async () => {
    const low = from(sineSecond(16000, 1, 440));
    await expect(lastValueFrom(mix(of(low), { sampleRate: 48000 }))).rejects.toEqual(
      new FrameFormatError(
        { operator: 'mix', frameIndex: 0, problem: 'sample-rate', expected: 48000, actual: 16000 },
        'Source 0 of the mix differs: resample or remix every source to one format, or set convert: true.',
      ),
    );
  });

  it('convert needs the rate to convert to', () => {
    expect(() => mix(of(), { convert: true })).toThrow(
      new RangeError('mix: convert needs sampleRate, the rate to convert every source to'),
    );
  });
});
