// Type tests: checked by `npm run typecheck` (tsc), asserted trivially at run time.
import type { AudioFrame, AudioSource, Room, Track, VideoFrame } from '@livekit/rtc-node';
import { expectTypeOf } from 'expect-type';
import {
  audioFrames,
  captureAudio,
  combineFrames,
  gain,
  rechunk,
  remix,
  resample,
  type AudioSourceLike,
  type CaptureEvent,
  type GainLevel,
  type OverflowPolicy,
  synchronizeAV,
  readWav,
  writeWav,
  type AVItem,
  type SynchronizedAV,
  type WavSummary,
} from 'livekit-rx';
import type { Observable, OperatorFunction } from 'rxjs';

describe('public types', () => {
  it('operators are OperatorFunctions over rtc-node AudioFrames', () => {
    expectTypeOf(rechunk(10)).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf(resample(16000)).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf(gain(0.5)).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf(gain).parameter(0).toEqualTypeOf<GainLevel | Observable<GainLevel>>();
    // @ts-expect-error: decibels are spelled { db }
    expect(() => gain({ dB: -6 })).toThrow(RangeError);
    expectTypeOf(remix(1)).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf(combineFrames(20)).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf(combineFrames({ count: 2, maxWaitMs: 5 })).toEqualTypeOf<
      OperatorFunction<AudioFrame, AudioFrame>
    >();
    expectTypeOf<Track>().toMatchTypeOf<Parameters<typeof audioFrames>[0]>();
    expectTypeOf<{ room: Room; participant: string }>().toMatchTypeOf<
      Parameters<typeof audioFrames<Room>>[0]
    >();
    expectTypeOf(audioFrames).returns.toEqualTypeOf<Observable<AudioFrame>>();
  });

  it("rtc-node's AudioSource is an AudioSourceLike, so captureAudio takes it as is", () => {
    expectTypeOf<AudioSource>().toMatchTypeOf<AudioSourceLike>();
    expectTypeOf(captureAudio).returns.toEqualTypeOf<OperatorFunction<AudioFrame, CaptureEvent>>();
  });

  it('capture events are a union discriminated by type', () => {
    expectTypeOf<CaptureEvent['type']>().toEqualTypeOf<
      'captured' | 'dropped' | 'interrupted' | 'played-out'
    >();
    expectTypeOf<OverflowPolicy>().toEqualTypeOf<'drop-oldest' | 'drop-newest' | 'error'>();
    // @ts-expect-error: the policy is one of three words
    captureAudio({} as AudioSourceLike, { overflow: 'drop-all' });
  });

  it('synchronizeAV takes tagged frames and gives them back with times and stats', () => {
    expectTypeOf(synchronizeAV({ fps: 30 })).toEqualTypeOf<
      OperatorFunction<AVItem, SynchronizedAV>
    >();
    const out = {} as SynchronizedAV;
    if (out.kind === 'video') expectTypeOf(out.frame).toEqualTypeOf<VideoFrame>();
    else expectTypeOf(out.frame).toEqualTypeOf<AudioFrame>();
    expectTypeOf(out.timestampUs).toBeNumber();
    // @ts-expect-error: fps is required
    expect(() => synchronizeAV({})).toThrow(RangeError);
  });

  it('readWav is a source of frames from a path or bytes; writeWav an operator to one summary', () => {
    expectTypeOf(readWav).parameter(0).toEqualTypeOf<string | Uint8Array>();
    expectTypeOf(readWav).returns.toEqualTypeOf<Observable<AudioFrame>>();
    expectTypeOf(writeWav('x.wav')).toEqualTypeOf<OperatorFunction<AudioFrame, WavSummary>>();
    // @ts-expect-error: remainder is 'emit' | 'pad' | 'drop'
    expect(() => readWav(new Uint8Array(0), { remainder: 'keep' })).not.toThrow();
  });
});
