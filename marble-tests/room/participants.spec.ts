import { map } from 'rxjs';
import { participants } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const script: Record<string, TestRoomAction> = {
  a: { type: 'join', identity: 'alice' },
  b: { type: 'join', identity: 'bob' },
  A: { type: 'leave', identity: 'alice' },
  m: { type: 'metadata', identity: 'bob', metadata: 'x' },
  x: { type: 'disconnect' },
};
const names = map((roster: ReadonlyMap<string, unknown>) => [...roster.keys()].join(','));

describe('participants', () => {
  it('starts with the roster present at subscription (not announced by the room), then follows joins and leaves', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'carol' }] });
      room.play(cold('-a-b-m-A-x', script));
      expectObservable(participants(room).pipe(names)).toBe('0a-b---A-|', {
        0: 'carol',
        a: 'carol,alice',
        b: 'carol,alice,bob',
        A: 'carol,bob',
      });
    });
  });

  it('emits fresh snapshots: an earlier one is not changed by later joins', () => {
    const room = new TestRoom();
    const seen: Array<ReadonlyMap<string, unknown>> = [];
    const subscription = participants(room).subscribe((roster) => seen.push(roster));
    room.join({ identity: 'alice' });
    subscription.unsubscribe();
    expect(seen.map((roster) => roster.size)).toEqual([0, 1]);
    expect(seen[1]?.get('alice')).toBe(room.remoteParticipants.get('alice'));
  });

  it('removes both listeners when unsubscribed', () => {
    const room = new TestRoom();
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('-a-b', script));
      expectObservable(participants(room).pipe(names), '^-!').toBe('0a', { 0: '', a: 'alice' });
    });
    expect(listenerTotal(room)).toBe(0);
  });

  it('types the roster with the room’s own participant class', () => {
    const room = new TestRoom();
    participants(room).subscribe((roster) => {
      const first = roster.values().next().value;
      expect(first?.disconnectReason).toBeUndefined();
    });
  });
});
