import { ConnectionState } from '@livekit/rtc-node';
import { map, switchMap } from 'rxjs';
import { fromRoom, participants, RoomNotConnectedError } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

describe('fromRoom', () => {
  it('emits the room at once and completes when it disconnects; room streams chain from it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(
        cold('--a--x', { a: { type: 'join', identity: 'alice' }, x: { type: 'disconnect' } }),
      );
      expectObservable(fromRoom(room).pipe(map((r) => r.name))).toBe('r----|', { r: 'test-room' });
      const sizes = fromRoom(room).pipe(
        switchMap((r) => participants(r)),
        map((roster) => roster.size),
      );
      expectObservable(sizes).toBe('0-1--|', { 0: 0, 1: 1 });
    });
  });

  it('does not disconnect the room when unsubscribed (the caller owns it)', () => {
    const room = new TestRoom();
    fromRoom(room).subscribe().unsubscribe();
    expect(room.connectionState).toBe(ConnectionState.CONN_CONNECTED);
    expect(listenerTotal(room)).toBe(4); // the speaker/quality memory, kept until the room disconnects
  });

  it('fails with RoomNotConnectedError for a room that is not connected', () => {
    const room = new TestRoom();
    room.serverDisconnect();
    testScheduler().run(({ expectObservable }) => {
      expectObservable(fromRoom(room)).toBe(
        '#',
        undefined,
        new RoomNotConnectedError({
          source: 'fromRoom',
          connectionState: ConnectionState.CONN_DISCONNECTED,
        }),
      );
    });
  });
});
