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

  it('raises the room’s listener limit by what it adds and restores it, so many subscribers trip no leak warning', () => {
    const room = new TestRoom();
    const subscriptions = Array.from({ length: 20 }, () => participants(room).subscribe());
    expect(room.listenerCount('participantConnected')).toBe(20);
    expect(room.getMaxListeners()).toBe(10 + 20 * 3);
    for (const s of subscriptions) s.unsubscribe();
    expect(room.getMaxListeners()).toBe(10);
  });

  it('gives every subscriber the same immutable snapshot per event (one copy, not one per subscriber)', () => {
    const room = new TestRoom();
    const a: Array<ReadonlyMap<string, unknown>> = [];
    const b: Array<ReadonlyMap<string, unknown>> = [];
    participants(room).subscribe((r) => a.push(r));
    participants(room).subscribe((r) => b.push(r));
    room.join({ identity: 'alice' });
    room.leave('alice');
    room.join({ identity: 'alice' });
    expect(a.map((r) => [...r.keys()])).toEqual([[], ['alice'], [], ['alice']]);
    expect(a[1]).toBe(b[1]);
    expect(a[3]).toBe(b[3]);
    expect(a[1]).not.toBe(a[3]);
  });
});
