import { participants } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { compare, type Comparison } from './lib/compare';

/**
 * The cost of N subscribers to participants(room) while M participants churn (one leaves, one
 * joins: two events per operation), against the same roster kept by hand with room.on listeners
 * (what rtc-node offers), each listener copying its map per event exactly as participants() does.
 * The room is a TestRoom: its emitter is node's EventEmitter, as rtc-node's Room's is.
 */
export async function participantsBenchmarks(
  subscriberCounts: readonly number[],
  present: number,
): Promise<Comparison[]> {
  const results: Comparison[] = [];
  for (const n of subscriberCounts) {
    const rx = churningRoom(present);
    for (let i = 0; i < n; i++) participants(rx.room).subscribe();
    const raw = churningRoom(present);
    for (let i = 0; i < n; i++) rawRoster(raw.room);
    results.push(
      await compare(
        `participants(room), ${n} subscriber(s), ${present} present, leave+join`,
        { name: 'room.on + Map', fn: raw.churn },
        { name: 'participants()', fn: rx.churn },
        500,
      ),
    );
  }
  return results;
}

/** Heap bytes per subscription of participants(room), over `count` subscriptions. */
export function participantsMemory(count: number, present: number): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { room } = churningRoom(present);
  gc();
  const before = process.memoryUsage().heapUsed;
  const subscriptions = Array.from({ length: count }, () => participants(room).subscribe());
  gc();
  const after = process.memoryUsage().heapUsed;
  for (const s of subscriptions) s.unsubscribe();
  return (after - before) / count;
}

function churningRoom(present: number): { room: TestRoom; churn: () => void } {
  const room = new TestRoom({
    participants: Array.from({ length: present }, (_, i) => ({ identity: `p${i}` })),
  });
  let next = present;
  let oldest = 0;
  const churn = (): void => {
    room.leave(`p${oldest++}`);
    room.join({ identity: `p${next++}` });
  };
  return { room, churn };
}

function rawRoster(room: TestRoom): void {
  room.setMaxListeners(0); // thousands of hand-added listeners: silence node's leak warning
  let roster = new Map(room.remoteParticipants);
  room.on('participantConnected', (p: { identity: string }) => {
    roster = new Map(roster).set(p.identity, room.remoteParticipants.get(p.identity)!);
  });
  room.on('participantDisconnected', (p: { identity: string }) => {
    roster = new Map(roster);
    roster.delete(p.identity);
  });
}
