import { FfiHandle, FfiRequest, livekitFfiRequest } from '@livekit/rtc-ffi-bindings';
import type { AudioFrame } from '@livekit/rtc-node';
import { apm, ApmError, concatPcm, type ApmOptions } from 'livekit-rx';
import { BehaviorSubject, from, lastValueFrom, of, Subject, toArray } from 'rxjs';
import { apmProcessorFactory } from '../src/native/apmProcessorFactory';
import { ffiApmProcessor } from '../src/native/ffiApmProcessor';
import { useNativeRuntime } from './helpers/native';
import { framesOf, levelDb, samePcm, signal, toneDb, toPcm, whiteNoise } from './helpers/signals';

useNativeRuntime();

// Every native module the operator creates, by handle id, so the tests can ask the native side
// whether it still holds it (the real factory, wrapped: nothing is faked here).
const created: bigint[] = [];
beforeAll(() => {
  apmProcessorFactory.create = (settings) => {
    const processor = ffiApmProcessor(settings);
    created.push(processor.handleId);
    return processor;
  };
});
afterAll(() => {
  apmProcessorFactory.create = ffiApmProcessor;
});
const newHandles = () => {
  const from = created.length;
  return () => created.slice(from);
};

/**
 * Whether the native side still holds handle `id`. Handle ids are never reused, and a request on
 * a freed one fails with "handle not found". (A live one gets its stream delay set to 0.)
 */
function nativeHandleLive(id: bigint): boolean {
  const request = new FfiRequest({
    message: { case: 'apmSetStreamDelay', value: { apmHandle: id, delayMs: 0 } },
  });
  try {
    livekitFfiRequest(request.toBinary());
    return true;
  } catch (err) {
    if (/handle not found/.test(String(err))) return false;
    throw err;
  }
}

const RATE = 48000;
/** Runs PCM through apm in frames of `frameSamples`; returns the output PCM and frames. */
async function run(
  pcm: Int16Array,
  options: ApmOptions,
  {
    sampleRate = RATE,
    frameSamples = sampleRate / 100,
  }: { sampleRate?: number; frameSamples?: number } = {},
): Promise<{ pcm: Int16Array; frames: AudioFrame[] }> {
  const input = framesOf(pcm, sampleRate, frameSamples);
  const frames = await lastValueFrom(from(input).pipe(apm(options), toArray()));
  return { pcm: concatPcm(frames.map((f) => f.data)), frames };
}
/** The last `seconds` of mono PCM at `sampleRate`: measured after the processing has settled. */
const tail = (pcm: Int16Array, seconds = 1, sampleRate = RATE) =>
  pcm.subarray(pcm.length - seconds * sampleRate);
const sine =
  (frequency: number, amplitude: number, sampleRate = RATE) =>
  (i: number) =>
    amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);

describe('apm on the native WebRTC audio processing module', () => {
  it('with every stage off is the identity, bit for bit, in 10 ms frames', async () => {
    const input = toPcm(signal(RATE, (i) => sine(1000, 8000)(i) + (i % 7) * 100));
    const out = await run(input, {});
    expect(out.frames.every((f) => f.samplesPerChannel === 480 && f.sampleRate === RATE)).toBe(
      true,
    );
    expect(samePcm(out.pcm, input)).toBe(true);
  });

  it('noiseSuppression lowers stationary white noise by more than 6 dB after warm-up', async () => {
    const noise = toPcm(whiteNoise(4 * RATE, 1000)); // about -30 dBFS
    const out = await run(noise, { noiseSuppression: true });
    const reduction = levelDb(tail(noise)) - levelDb(tail(out.pcm));
    expect(reduction).toBeGreaterThan(6); // measured: 15.2 dB
  });

  it('highPassFilter removes 50 Hz hum (by more than 15 dB) and keeps 1 kHz (within 1 dB)', async () => {
    const input = toPcm(signal(3 * RATE, (i) => sine(50, 8000)(i) + sine(1000, 4000)(i)));
    const out = tail((await run(input, { highPassFilter: true })).pcm);
    const before = tail(input);
    expect(toneDb(before, RATE, 50) - toneDb(out, RATE, 50)).toBeGreaterThan(15); // 21.2 dB
    expect(Math.abs(toneDb(out, RATE, 1000) - toneDb(before, RATE, 1000))).toBeLessThan(1); // 0.5
  });

  it('highPassFilter at 16 kHz removes 50 and 60 Hz hum (by more than 30 dB)', async () => {
    const rate = 16000;
    for (const hum of [50, 60]) {
      const input = toPcm(signal(3 * rate, (i) => sine(hum, 8000, rate)(i)));
      const out = (await run(input, { highPassFilter: true }, { sampleRate: rate })).pcm;
      const attenuation =
        toneDb(tail(input, 1, rate), rate, hum) - toneDb(tail(out, 1, rate), rate, hum);
      expect(attenuation).toBeGreaterThan(30); // measured: 68.3 dB at 50 Hz, 44.6 dB at 60 Hz
    }
  });

  /**
   * The far end is speech-like noise (white noise with a 3 Hz syllable envelope); the near end is
   * its echo: the far end `lagMs` later (30 by default) at half the level. Driven frame by frame
   * through two Subjects, each far-end frame before the near-end frame of the same 10 ms.
   */
  function echo(
    seconds: number,
    options: Partial<ApmOptions> = {},
    { silentFarEnd = false, lagMs = 30 } = {},
  ) {
    const noise = whiteNoise(seconds * RATE, 3000, 7);
    const far = toPcm(
      signal(
        noise.length,
        (i) => (noise[i] as number) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 3 * i) / RATE)),
      ),
    );
    const lag = (lagMs * RATE) / 1000;
    const near = toPcm(signal(far.length, (i) => (i < lag ? 0 : (far[i - lag] as number) * 0.5)));
    const far$ = new Subject<AudioFrame>();
    const near$ = new Subject<AudioFrame>();
    const got: Int16Array[] = [];
    near$
      .pipe(apm({ ...options, echoCancellation: true, reverse$: far$ }))
      .subscribe((f) => got.push(f.data));
    const farFrames = framesOf(silentFarEnd ? new Int16Array(far.length) : far, RATE, 480);
    framesOf(near, RATE, 480).forEach((frame, k) => {
      far$.next(farFrames[k] as AudioFrame);
      near$.next(frame);
    });
    near$.complete();
    expect(far$.observed).toBe(false); // reverse$ is unsubscribed with the input
    const out = concatPcm(got);
    return levelDb(tail(near, 2)) - levelDb(tail(out, 2)); // ERLE over the last 2 s
  }

  it('echoCancellation removes the echo of reverse$ from the input (ERLE > 20 dB)', () => {
    expect(echo(4)).toBeGreaterThan(20); // measured: 52.5 dB
    // The control: the same input with a silent far end has nothing to cancel against.
    expect(echo(4, {}, { silentFarEnd: true })).toBeLessThan(10); // measured: 3.1 dB
  });

  it('echoCancellation still cancels an echo 400 ms after its far-end frame', () => {
    // AEC3's reach, which docs/audio-pipelines.md builds its agent wiring on: measured 61.7 dB
    // for echoes 300-500 ms late, and no cancellation (3 dB) from 600 ms on.
    expect(echo(6, {}, { lagMs: 400 })).toBeGreaterThan(20);
  });

  it('takes streamDelayMs as a number or an Observable; the echo is still cancelled', () => {
    expect(echo(4, { streamDelayMs: 30 })).toBeGreaterThan(20);
    expect(echo(4, { streamDelayMs: new BehaviorSubject(30) })).toBeGreaterThan(20);
  });

  it('autoGainControl raises quiet speech-like audio by more than 10 dB', async () => {
    // A 140 Hz voice with 10 harmonics, its pitch drifting, in 4 Hz syllables, at about -48 dBFS.
    const voice = (i: number) => {
      const t = i / RATE;
      const f0 = 140 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
      let v = 0;
      for (let k = 1; k <= 10; k++) v += Math.sin(2 * Math.PI * f0 * k * t) / k;
      return 300 * v * Math.max(0, Math.sin(2 * Math.PI * 4 * t));
    };
    const input = toPcm(signal(8 * RATE, voice));
    const out = (await run(input, { autoGainControl: true })).pcm;
    expect(levelDb(tail(out, 2)) - levelDb(tail(input, 2))).toBeGreaterThan(10); // measured: 22 dB
  });

  describe('the 10 ms rule: no input can make the native side abort', () => {
    it('regroups 7 ms input and 33 ms reverse$ frames into exact 10 ms frames', async () => {
      const input = toPcm(whiteNoise(RATE, 1000, 3));
      const far = framesOf(toPcm(whiteNoise(RATE, 1000, 4)), RATE, 1584); // 33 ms
      const options: ApmOptions = {
        echoCancellation: true,
        reverse$: from(far),
        noiseSuppression: true,
        autoGainControl: true,
        highPassFilter: true,
      };
      const out = await run(input, options, { frameSamples: 336 }); // 7 ms
      expect(out.frames.map((f) => f.samplesPerChannel)).toEqual(Array(100).fill(480));
    });

    it('processes 44.1 kHz in 441-sample frames: noise suppression works there too', async () => {
      const rate = 44100;
      const noise = toPcm(whiteNoise(4 * rate, 1000, 5));
      const out = await run(
        noise,
        { noiseSuppression: true },
        { sampleRate: rate, frameSamples: 300 },
      );
      expect(new Set(out.frames.map((f) => f.samplesPerChannel))).toEqual(new Set([441]));
      expect(out.pcm.length).toBe(4 * rate); // 400 frames exactly: no padding needed
      expect(levelDb(tail(noise, 1, rate)) - levelDb(tail(out.pcm, 1, rate))).toBeGreaterThan(6);
    });

    it('pads the last partial frame: 1005 ms in, 1010 ms out, the extra 5 ms silent', async () => {
      const input = toPcm(signal(48240, sine(1000, 8000)));
      const out = await run(input, {}, { frameSamples: 1000 });
      expect(out.pcm.length).toBe(48480);
      expect(samePcm(out.pcm.subarray(0, 48240), input)).toBe(true);
      expect(out.pcm.subarray(48240).every((v) => v === 0)).toBe(true);
    });

    it('refuses 22.05 kHz with an ApmError, and the process and the native side go on', async () => {
      const odd = framesOf(new Int16Array(2205), 22050, 441);
      const err = await lastValueFrom(from(odd).pipe(apm({ noiseSuppression: true }))).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApmError);
      expect((err as ApmError).info.reason).toBe('unsupported-format');
      const again = await run(new Int16Array(480), { noiseSuppression: true });
      expect(again.frames).toHaveLength(1);
    });

    it('the native wrapper itself refuses every buffer that is not one 10 ms frame', () => {
      const processor = ffiApmProcessor({
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: false,
        highPassFilter: false,
      });
      const refused: [number, number, number][] = [
        [470, 48000, 1], // a panic on the native side: not a multiple of 480
        [960, 48000, 1], // two frames: the native side would take it; we do not
        [0, 48000, 1],
        [220, 22050, 1], // 10 ms is 220.5 samples
        [480, 48000, 0], // a division by zero on the native side
        [480, 4800, 1],
      ];
      for (const [length, rate, channels] of refused) {
        expect(() => processor.processStream(new Int16Array(length), rate, channels)).toThrow(
          RangeError,
        );
        expect(() =>
          processor.processReverseStream(new Int16Array(length), rate, channels),
        ).toThrow(RangeError);
      }
      expect(() => processor.setStreamDelay(-1)).toThrow(RangeError);
      processor.processStream(new Int16Array(480), 48000, 1);
      processor.processReverseStream(new Int16Array(882), 44100, 2);
      processor.close();
      expect(nativeHandleLive(processor.handleId)).toBe(false);
      expect(() => processor.processStream(new Int16Array(480), 48000, 1)).toThrow(
        'apm: the native APM is closed',
      );
      processor.close(); // idempotent
    });
  });

  it('turns a native failure into an ApmError (here: its handle freed from under it)', async () => {
    const handles = newHandles();
    const input = new Subject<AudioFrame>();
    const result = lastValueFrom(input.pipe(apm({ noiseSuppression: true }), toArray())).catch(
      (e: unknown) => e,
    );
    input.next(framesOf(new Int16Array(480), RATE, 480)[0] as AudioFrame);
    const [id] = handles();
    new FfiHandle(id as bigint).dispose(); // the native side drops the module
    input.next(framesOf(new Int16Array(480), RATE, 480)[0] as AudioFrame);
    const err = await result;
    expect(err).toBeInstanceOf(ApmError);
    expect((err as ApmError).info).toMatchObject({ reason: 'process', input: 'near', index: 1 });
    expect(String((err as ApmError).cause)).toMatch(/handle not found/);
    expect(input.observed).toBe(false);
  });

  describe('native handles', () => {
    it('creates the module on subscribe and frees it on unsubscribe', () => {
      const handles = newHandles();
      const input = new Subject<AudioFrame>();
      const sub = input.pipe(apm({ noiseSuppression: true })).subscribe();
      input.next(framesOf(new Int16Array(480), RATE, 480)[0] as AudioFrame);
      expect(handles()).toHaveLength(1);
      expect(handles().map(nativeHandleLive)).toEqual([true]);
      sub.unsubscribe();
      expect(handles().map(nativeHandleLive)).toEqual([false]);
    });

    it('frees it on complete and on error', async () => {
      const handles = newHandles();
      await lastValueFrom(of(...framesOf(new Int16Array(960), RATE, 480)).pipe(apm()));
      const changed = [
        ...framesOf(new Int16Array(480), RATE, 480),
        ...framesOf(new Int16Array(160), 16000, 160),
      ];
      await expect(lastValueFrom(from(changed).pipe(apm()))).rejects.toThrow(
        'apm: frame 1 has sample rate 16000 Hz, expected 48000 Hz',
      );
      expect(handles()).toHaveLength(2);
      expect(handles().map(nativeHandleLive)).toEqual([false, false]);
    });

    it('runs 50 subscriptions at once, each with its own module, as if each were alone', async () => {
      const input = toPcm(signal(RATE, (i) => sine(50, 6000)(i) + sine(1000, 4000)(i)));
      const noisy = toPcm(whiteNoise(RATE, 500, 9)).map((v, i) => v + (input[i] as number));
      const options: ApmOptions = { noiseSuppression: true, highPassFilter: true };
      const alone = (await run(noisy, options)).pcm;

      const handles = newHandles();
      const inputs = Array.from({ length: 50 }, () => new Subject<AudioFrame>());
      const outputs = inputs.map(() => [] as Int16Array[]);
      const subs = inputs.map((s, i) =>
        s.pipe(apm(options)).subscribe((f) => outputs[i]?.push(f.data)),
      );
      const frames = framesOf(noisy, RATE, 480);
      for (const frame of frames) for (const s of inputs) s.next(frame); // interleaved
      expect(handles()).toHaveLength(50);
      expect(new Set(handles()).size).toBe(50);
      expect(handles().every(nativeHandleLive)).toBe(true);
      for (const s of inputs) s.complete();
      expect(subs.every((s) => s.closed)).toBe(true);
      expect(outputs.map((out) => samePcm(concatPcm(out), alone))).toEqual(Array(50).fill(true));
      expect(handles().some(nativeHandleLive)).toBe(false);
    });
  });
});
