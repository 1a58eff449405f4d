import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import {
  audioFrames,
  captureAudio,
  fillSilence,
  FrameFormatError,
  gain,
  mix,
  publishAudio,
  remix,
  resample,
  writeWav,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { lastValueFrom, of } from 'rxjs';

const frame = (sampleRate: number, channels: number, samplesPerChannel: number, length = 480) =>
  new AudioFrame(new Int16Array(length), sampleRate, channels, samplesPerChannel);
const errorOf = (f: AudioFrame) =>
  lastValueFrom(of(frame(48000, 1, 480), f).pipe(gain(0.5))).catch((e: unknown) => e);

describe('frames of no valid format', () => {
  it('are a FrameFormatError naming the frame, the field and the value, checked before the length', async () => {
    const nan = await errorOf(frame(NaN, 1, 480));
    expect(nan).toBeInstanceOf(FrameFormatError);
    expect((nan as FrameFormatError).info).toEqual({
      operator: 'gain',
      frameIndex: 1,
      problem: 'invalid-sample-rate',
      expected: 384000,
      actual: NaN,
    });
    expect((nan as Error).message).toBe(
      'gain: frame 1 has sample rate NaN, expected a whole number of Hz from 1 to 384000. Build ' +
        'AudioFrames with a whole number of Hz from 1 to 384000, 1 to 8 channels and a whole ' +
        'number of samples per channel.',
    );
    const cases: [AudioFrame, string, number, number][] = [
      [frame(2 ** 31, 1, 480), 'invalid-sample-rate', 384000, 2 ** 31],
      [frame(44100.5, 1, 480), 'invalid-sample-rate', 384000, 44100.5],
      [frame(0, 1, 480), 'invalid-sample-rate', 384000, 0],
      [frame(-Infinity, 1, 480), 'invalid-sample-rate', 384000, -Infinity],
      [frame(48000, 0, 0, 0), 'invalid-channels', 8, 0],
      [frame(48000, 9, 480, 9 * 480), 'invalid-channels', 8, 9],
      [frame(48000, 1.5, 320), 'invalid-channels', 8, 1.5],
      [frame(48000, 1, 479.5), 'invalid-samples-per-channel', Number.MAX_SAFE_INTEGER, 479.5],
      [frame(48000, 2, -240), 'invalid-samples-per-channel', Number.MAX_SAFE_INTEGER, -240],
      // A valid format whose data does not match it: still the length check.
      [frame(48000, 2, 480), 'length', 960, 480],
    ];
    for (const [f, problem, expected, actual] of cases) {
      const err = await errorOf(f);
      expect(err).toBeInstanceOf(FrameFormatError);
      expect((err as FrameFormatError).info).toEqual({
        operator: 'gain',
        frameIndex: 1,
        problem,
        expected,
        actual,
      });
    }
  });

  it('are accepted at the limits: 1 Hz and 384 kHz, 1 and 8 channels, 0 samples', async () => {
    const ok = [frame(1, 1, 480), frame(384000, 8, 60), frame(16000, 1, 0, 0)];
    await expect(lastValueFrom(of(...ok).pipe(gain(0.5)))).resolves.toMatchObject({
      samplesPerChannel: 0,
    });
  });
});

describe('operator factories refuse a rate or channel count that no frame may have', () => {
  const badRate = fc.oneof(
    fc.constantFrom(NaN, Infinity, -Infinity, 0, 2 ** 31, 384_001),
    fc.double({ min: 1, max: 384_000, noInteger: true, noNaN: true }),
    fc.integer({ min: -1e9, max: 0 }),
    fc.integer({ min: 384_001, max: 2 ** 40 }),
  );
  const badChannels = fc.oneof(
    fc.constantFrom(NaN, Infinity, 0, 9, 2 ** 31),
    fc.double({ min: 1, max: 8, noInteger: true, noNaN: true }),
    fc.integer({ min: 9, max: 1e9 }),
  );
  const room = new TestRoom();
  const track = { kind: 1, sid: 'TR_x', name: 'x' } as never;
  const source = (sampleRate: number, numChannels: number) =>
    ({ sampleRate, numChannels, captureFrame: () => undefined }) as never;
  const factories: [string, (rate: number) => unknown, (channels: number) => unknown][] = [
    ['resample', (r) => resample(r), () => resample(48000, {})],
    ['remix', () => remix(1), (c) => remix(c)],
    ['mix', (r) => mix(of(), { sampleRate: r }), (c) => mix(of(), { numChannels: c })],
    ['fillSilence', (r) => fillSilence({ sampleRate: r }), (c) => fillSilence({ numChannels: c })],
    [
      'publishAudio',
      (r) => publishAudio(room, { sampleRate: r }),
      (c) => publishAudio(room, { numChannels: c }),
    ],
    [
      'writeWav',
      (r) => writeWav('x.wav', { sampleRate: r }),
      (c) => writeWav('x.wav', { numChannels: c }),
    ],
    [
      'audioFrames',
      (r) => audioFrames(track, { sampleRate: r }),
      (c) => audioFrames(track, { numChannels: c }),
    ],
    ['captureAudio', (r) => captureAudio(source(r, 1)), (c) => captureAudio(source(48000, c))],
  ];

  it.each(factories)('%s throws a RangeError at once', (name, withRate, withChannels) => {
    fc.assert(
      fc.property(badRate, (r) => {
        if (name === 'remix') return;
        expect(() => withRate(r)).toThrow(
          new RegExp(`^${name}: .*must be a whole number of Hz from 1 to 384000, got `),
        );
        expect(() => withRate(r)).toThrow(RangeError);
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(badChannels, (c) => {
        if (name === 'resample') return;
        expect(() => withChannels(c)).toThrow(
          new RegExp(`^${name}: .*must be a whole number from 1 to 8, got `),
        );
        expect(() => withChannels(c)).toThrow(RangeError);
      }),
      { numRuns: 50 },
    );
  });

  it('names the argument and the value', () => {
    expect(() => resample(2 ** 31)).toThrow(
      new RangeError(
        'resample: sampleRate must be a whole number of Hz from 1 to 384000, got 2147483648',
      ),
    );
    expect(() => captureAudio(source(48000, 16))).toThrow(
      new RangeError('captureAudio: source.numChannels must be a whole number from 1 to 8, got 16'),
    );
  });
});
