import { ConnectionState } from '@livekit/rtc-node';
import { connectionState, RoomNotConnectedError } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const { CONN_CONNECTED: C, CONN_RECONNECTING: R, CONN_DISCONNECTED: D } = ConnectionState;
const script: Record<string, TestRoomAction> = {
  r: { type: 'reconnecting' },
  c: { type: 'reconnected' },
  x: { type: 'disconnect' },
};

describe('connectionState', () => {
  it('starts with the current state, follows reconnections, ends with DISCONNECTED and completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('--r--c--x', script));
      expectObservable(connectionState(room)).toBe('C-R--C--(D|)', { C, R, D });
    });
  });

  it('starts from RECONNECTING when subscribed during a reconnection', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.startReconnecting();
      room.play(cold('--c', script));
      expectObservable(connectionState(room)).toBe('R-C', { C, R });
    });
  });

  it('removes its listeners when unsubscribed', () => {
    const room = new TestRoom();
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('--r--c', script));
      expectObservable(connectionState(room), '^---!').toBe('C-R-', { C, R });
    });
    expect(listenerTotal(room)).toBe(0);
  });

  it('fails at once with RoomNotConnectedError on a disconnected room', () => {
    const room = new TestRoom();
    room.serverDisconnect();
    testScheduler().run(({ expectObservable }) => {
      expectObservable(connectionState(room)).toBe(
        '#',
        undefined,
        new RoomNotConnectedError({ source: 'connectionState', connectionState: D }),
      );
    });
  });
});
