// Type tests: checked by `npm run typecheck` (tsc), asserted trivially at run time.
import type { AudioFrame, AudioSource, Track } from '@livekit/rtc-node';
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
    expectTypeOf(audioFrames).parameter(0).toEqualTypeOf<Track>();
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
});
