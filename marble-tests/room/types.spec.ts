// Type tests for the room streams: checked by `npm run typecheck` (tsc), asserted trivially at run time.
import type {
  ConnectionState,
  DisconnectReason,
  Participant,
  RemoteParticipant,
  RemoteTrack,
  RemoteTrackPublication,
  Room,
  RoomEvent,
  TrackPublication,
} from '@livekit/rtc-node';
import { expectTypeOf } from 'expect-type';
import {
  byteStreams,
  connect,
  textStreams,
  connectionState,
  participants,
  roomEvent,
  subscribedTracks,
  trackPublications,
  type RoomEventArgs,
  type RoomLike,
  type RoomLikeCallbacks,
  type RtcRoomListenerArgs,
  type IncomingByteStream,
  type IncomingTextStream,
} from 'livekit-rx';
import type {
  TestParticipant,
  TestRoom,
  TestTrack,
  TestTrackPublication,
} from 'livekit-rx/testing';
import type { Observable } from 'rxjs';

type EveryEvent = `${RoomEvent}`;
/** rtc-node's arguments for each event are assignable to the Like arguments TestRoom emits. */
type RtcFitsLike = {
  [E in EveryEvent]: RtcRoomListenerArgs<E> extends Parameters<RoomLikeCallbacks[E]> ? true : E;
}[EveryEvent];

describe('room types', () => {
  it("rtc-node's Room and TestRoom are both RoomLike", () => {
    expectTypeOf<Room>().toMatchTypeOf<RoomLike>();
    expectTypeOf<TestRoom>().toMatchTypeOf<RoomLike>();
  });

  it("the Like callback map accepts rtc-node's arguments for all 33 events", () => {
    expectTypeOf<RtcFitsLike>().toEqualTypeOf<true>();
    expectTypeOf<keyof RoomLikeCallbacks>().toEqualTypeOf<EveryEvent>();
  });

  it("payloads are rtc-node's own classes for a real Room, the test classes for a TestRoom", () => {
    expectTypeOf<RoomEventArgs<Room, 'trackMuted'>>().toEqualTypeOf<
      [publication: TrackPublication, participant: Participant]
    >();
    expectTypeOf(roomEvent<Room, RoomEvent.Disconnected>).returns.toEqualTypeOf<
      Observable<[reason: DisconnectReason]>
    >();
    expectTypeOf(participants<Room>).returns.toEqualTypeOf<
      Observable<ReadonlyMap<string, RemoteParticipant>>
    >();
    expectTypeOf(participants<TestRoom>).returns.toEqualTypeOf<
      Observable<ReadonlyMap<string, TestParticipant>>
    >();
    expectTypeOf<
      ReturnType<typeof subscribedTracks<Room>> extends Observable<ReadonlyArray<infer T>>
        ? T
        : never
    >().toMatchTypeOf<{ publication: RemoteTrackPublication; participant: RemoteParticipant }>();
    expectTypeOf<
      ReturnType<typeof subscribedTracks<TestRoom>> extends Observable<ReadonlyArray<infer T>>
        ? T
        : never
    >().toEqualTypeOf<{
      readonly track: TestTrack;
      readonly publication: TestTrackPublication;
      readonly participant: TestParticipant;
    }>();
    expectTypeOf<
      ReturnType<typeof subscribedTracks<Room>> extends Observable<ReadonlyArray<infer T>>
        ? T
        : never
    >()
      .toHaveProperty('track')
      .toEqualTypeOf<RemoteTrack | Exclude<RemoteTrackPublication['track'], undefined>>();
    expectTypeOf(trackPublications<TestRoom>).returns.toMatchTypeOf<
      Observable<readonly unknown[]>
    >();
  });

  it('connect emits rtc-node Rooms; connectionState emits ConnectionState', () => {
    expectTypeOf(connect).returns.toEqualTypeOf<Observable<Room>>();
    expectTypeOf(connectionState).returns.toEqualTypeOf<Observable<ConnectionState>>();
  });

  it("incoming streams carry the room's own participant type", () => {
    expectTypeOf(textStreams<Room>).returns.toEqualTypeOf<Observable<IncomingTextStream<Room>>>();
    expectTypeOf<IncomingTextStream<Room>['participant']>().toEqualTypeOf<
      RemoteParticipant | undefined
    >();
    expectTypeOf<IncomingByteStream<TestRoom>['participant']>().toEqualTypeOf<
      TestParticipant | undefined
    >();
    expectTypeOf(byteStreams<TestRoom>).returns.toEqualTypeOf<
      Observable<IncomingByteStream<TestRoom>>
    >();
    expect(true).toBe(true);
  });
});
