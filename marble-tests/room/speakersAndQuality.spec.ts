import { ConnectionQuality } from '@livekit/rtc-node';
import { map } from 'rxjs';
import { activeSpeakers, connectionQuality, fromRoom } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const { QUALITY_POOR: P, QUALITY_GOOD: G, QUALITY_EXCELLENT: E } = ConnectionQuality;
const script: Record<string, TestRoomAction> = {
  s: { type: 'speakers', identities: ['alice'] },
  t: { type: 'speakers', identities: ['local', 'alice'] },
  p: { type: 'quality', identity: 'alice', quality: P },
  g: { type: 'quality', identity: 'alice', quality: G },
  e: { type: 'quality', identity: 'local', quality: E },
  l: { type: 'leave', identity: 'alice' },
  x: { type: 'disconnect' },
};
const ids = map((speakers: ReadonlyArray<{ identity: string }>) =>
  speakers.map((p) => p.identity).join(','),
);
const present = { participants: [{ identity: 'alice' }] };

describe('activeSpeakers', () => {
  it('starts with [] on a fresh room, then follows the server’s reports', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      room.play(cold('-s-t-x', script));
      expectObservable(activeSpeakers(room).pipe(ids)).toBe('0a-b-|', {
        0: '',
        a: 'alice',
        b: 'local,alice',
      });
    });
  });

  it('a late subscriber starts from the current speakers, remembered since fromRoom', () => {
    const room = new TestRoom(present);
    fromRoom(room).subscribe();
    room.setActiveSpeakers(['alice']);
    const seen: string[] = [];
    activeSpeakers(room)
      .pipe(ids)
      .subscribe((v) => seen.push(v));
    room.setActiveSpeakers([]);
    expect(seen).toEqual(['alice', '']);
  });
});

describe('connectionQuality', () => {
  it('follows one participant’s reports and completes when they leave', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      room.play(cold('-p-e-g-l', script));
      expectObservable(connectionQuality(room, 'alice')).toBe('-p---g-|', { p: P, g: G });
    });
  });

  it('defaults to the local participant', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      room.play(cold('-e-p-x', script));
      expectObservable(connectionQuality(room)).toBe('-e---|', { e: E });
    });
  });

  it('a late subscriber starts from the last report, remembered since fromRoom', () => {
    const room = new TestRoom(present);
    fromRoom(room).subscribe();
    room.setConnectionQuality('local', E);
    room.setConnectionQuality('alice', P);
    const local: ConnectionQuality[] = [];
    const alice: ConnectionQuality[] = [];
    connectionQuality(room).subscribe((q) => local.push(q));
    connectionQuality(room, 'alice').subscribe((q) => alice.push(q));
    room.setConnectionQuality('alice', G);
    expect(local).toEqual([E]);
    expect(alice).toEqual([P, G]);
  });

  it('forgets the room (and removes its memory listeners) when it disconnects', () => {
    const room = new TestRoom(present);
    const subscription = activeSpeakers(room).subscribe();
    subscription.unsubscribe();
    expect(listenerTotal(room)).toBe(4);
    room.serverDisconnect();
    expect(listenerTotal(room)).toBe(0);
  });
});
