import { ConnectionQuality, DisconnectReason, RoomEvent } from '@livekit/rtc-node';
import { map } from 'rxjs';
import { roomEvent, RoomNotConnectedError, UnknownRoomEventError } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const script: Record<string, TestRoomAction> = {
  a: { type: 'join', identity: 'alice', tracks: [{ sid: 'TR_a', name: 'mic' }] },
  m: { type: 'mute', identity: 'alice', trackSid: 'TR_a' },
  q: { type: 'quality', identity: 'alice', quality: ConnectionQuality.QUALITY_POOR },
  x: { type: 'disconnect', reason: DisconnectReason.ROOM_DELETED },
};

describe('roomEvent', () => {
  it('emits the listener arguments as a tuple in rtc-node’s order (participant last) and completes on Disconnected', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('-a-m-q-x', script));
      const muted = roomEvent(room, RoomEvent.TrackMuted).pipe(
        map(
          ([publication, participant]) =>
            `${participant.identity}/${publication.sid}/${publication.muted}`,
        ),
      );
      expectObservable(muted).toBe('---a---|', { a: 'alice/TR_a/true' });
      const quality = roomEvent(room, 'connectionQualityChanged').pipe(
        map(([q, participant]) => `${participant.identity}:${q}`),
      );
      expectObservable(quality).toBe('-----a-|', { a: `alice:${ConnectionQuality.QUALITY_POOR}` });
    });
  });

  it('emits the Disconnected reason, then completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('---x', script));
      expectObservable(roomEvent(room, RoomEvent.Disconnected)).toBe('---(a|)', {
        a: [DisconnectReason.ROOM_DELETED],
      });
    });
  });

  it('adds one listener per subscription for each of the 33 events, and removes it on unsubscribe', () => {
    const events = Object.values(RoomEvent);
    expect(events).toHaveLength(33);
    const room = new TestRoom();
    for (const event of events) {
      const subscription = roomEvent(room, event).subscribe();
      expect({ event, count: room.listenerCount(event) }).toEqual({ event, count: 1 });
      expect(room.listenerCount(RoomEvent.Disconnected)).toBe(1);
      subscription.unsubscribe();
      expect(listenerTotal(room)).toBe(0);
    }
  });

  it('never emits Connected on a real room’s schedule: TestRoom, like rtc-node, has no such event', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(
        cold('-R-C-x', {
          R: { type: 'reconnecting' },
          C: { type: 'reconnected' },
          x: { type: 'disconnect' },
        }),
      );
      expectObservable(roomEvent(room, RoomEvent.Connected)).toBe('-----|');
    });
  });

  it('throws UnknownRoomEventError at once for a name rtc-node never emits', () => {
    const room = new TestRoom();
    expect(() => roomEvent(room, 'particpantConnected' as RoomEvent)).toThrow(
      UnknownRoomEventError,
    );
    expect(() => roomEvent(room, 'trackStreamStateChanged' as RoomEvent)).toThrow(
      /"trackStreamStateChanged" is not an event of rtc-node's Room\. Use a RoomEvent member; the known events are: participantConnected, /,
    );
  });

  it('throws a TypeError at once for something that is not a room', () => {
    expect(() => roomEvent({} as TestRoom, RoomEvent.ParticipantConnected)).toThrow(
      new TypeError(
        "roomEvent(participantConnected): expected a Room (rtc-node's Room or livekit-rx/testing's TestRoom), got an object without on/off/remoteParticipants (Object)",
      ),
    );
    expect(() => roomEvent(undefined as unknown as TestRoom, RoomEvent.Moved)).toThrow(TypeError);
  });

  it('fails a subscription to a disconnected room with RoomNotConnectedError', () => {
    const room = new TestRoom();
    void room.disconnect();
    const errors: unknown[] = [];
    roomEvent(room, RoomEvent.ParticipantConnected).subscribe({
      error: (e: unknown) => errors.push(e),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RoomNotConnectedError);
    expect((errors[0] as RoomNotConnectedError).info).toEqual({
      source: 'roomEvent(participantConnected)',
      connectionState: 0,
    });
  });

  it('turns a throwing downstream handler into a stream error, without breaking the room’s other listeners', () => {
    const room = new TestRoom();
    const boom = new Error('boom');
    const errors: unknown[] = [];
    const joined: string[] = [];
    roomEvent(room, RoomEvent.ParticipantConnected)
      .pipe(
        map(() => {
          throw boom;
        }),
      )
      .subscribe({ error: (e: unknown) => errors.push(e) });
    roomEvent(room, RoomEvent.ParticipantConnected).subscribe(([p]) => joined.push(p.identity));
    room.join({ identity: 'alice' });
    room.join({ identity: 'bob' });
    expect(errors).toEqual([boom]);
    expect(joined).toEqual(['alice', 'bob']);
  });
});
