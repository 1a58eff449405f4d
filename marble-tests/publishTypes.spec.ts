// Type tests for the publishing sinks: checked by `npm run typecheck` (tsc), asserted trivially at run time.
import type {
  AudioFrame,
  LocalTrackPublication,
  Room,
  VideoFrame,
  VideoFrameEvent,
} from '@livekit/rtc-node';
import { expectTypeOf } from 'expect-type';
import {
  muted,
  publishAudio,
  publishVideo,
  type LocalPublicationOf,
  type PublishAudioEvent,
  type PublishVideoEvent,
  type TrackPublicationLike,
  type VideoCaptureInput,
} from 'livekit-rx';
import type { TestRoom, TestTrackPublication } from 'livekit-rx/testing';
import type { OperatorFunction } from 'rxjs';

describe('publishing sink types', () => {
  it("the published event carries rtc-node's LocalTrackPublication for a Room, the test one for a TestRoom", () => {
    expectTypeOf<LocalPublicationOf<Room>>().toEqualTypeOf<LocalTrackPublication>();
    expectTypeOf<LocalPublicationOf<TestRoom>>().toEqualTypeOf<TestTrackPublication>();
    expectTypeOf(publishAudio<Room>).returns.toEqualTypeOf<
      OperatorFunction<AudioFrame, PublishAudioEvent<LocalTrackPublication>>
    >();
    expectTypeOf(publishVideo<TestRoom>).returns.toEqualTypeOf<
      OperatorFunction<VideoFrame | VideoCaptureInput, PublishVideoEvent<TestTrackPublication>>
    >();
    expectTypeOf<Extract<PublishAudioEvent<LocalTrackPublication>, { type: 'published' }>>()
      .toHaveProperty('publication')
      .toEqualTypeOf<LocalTrackPublication>();
  });

  it('events are unions discriminated by type', () => {
    expectTypeOf<PublishAudioEvent['type']>().toEqualTypeOf<
      'published' | 'queued' | 'dropped' | 'interrupted' | 'played-out' | 'unpublished'
    >();
    expectTypeOf<PublishVideoEvent['type']>().toEqualTypeOf<
      'published' | 'captured' | 'dropped' | 'unpublished'
    >();
  });

  it("publishVideo takes what rtc-node's VideoStream yields, so a received track can be relayed", () => {
    expectTypeOf<VideoFrameEvent>().toMatchTypeOf<VideoCaptureInput>();
  });

  it('muted is a sink of booleans for any local publication', () => {
    expectTypeOf(muted).parameter(0).toEqualTypeOf<TrackPublicationLike>();
    expectTypeOf(muted).returns.toEqualTypeOf<OperatorFunction<boolean, boolean>>();
    expectTypeOf<LocalTrackPublication>().toMatchTypeOf<TrackPublicationLike>();
  });
});
