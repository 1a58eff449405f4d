import { RoomEvent, SimulateScenarioKind, TrackSource, type Room } from '@livekit/rtc-node';
import { audioFrames, participants, publishAudio, reconnected, reconnecting } from 'livekit-rx';
import { filter, firstValueFrom, interval, map, merge, Subject, takeUntil } from 'rxjs';
import { next, useDevServer } from './helpers';
import { toneFrame } from './media';

const lines: string[] = [];
const rooms = useDevServer({ log: (line) => lines.push(line) });

/** A 440 Hz tone in 10 ms frames, paced by a timer, until `stop$`. */
const tone$ = (stop$: Subject<void>) =>
  interval(10).pipe(
    map((i) => toneFrame(i)),
    takeUntil(stop$),
  );

/** Sound frames of alice's microphone heard by `room`, counted; `sound(n)` awaits n more. */
function listen(room: Room) {
  let count = 0;
  const arrived = new Subject<number>();
  let completed = false;
  let error: unknown;
  const subscription = audioFrames({
    room,
    participant: 'alice',
    source: TrackSource.SOURCE_MICROPHONE,
  }).subscribe({
    next: (f) => {
      if (f.data.some((s) => s !== 0)) arrived.next(++count);
    },
    complete: () => (completed = true),
    error: (e) => (error = e),
  });
  return {
    sound: (n: number) => {
      const target = count + n;
      return firstValueFrom(arrived.pipe(filter((c) => c >= target)));
    },
    state: () => ({ completed, error }),
    stop: () => subscription.unsubscribe(),
  };
}

/** Alice publishes a tone with publishAudio; bob follows it with audioFrames and participants. */
async function scene(name: string) {
  const alice = await rooms.join('alice', name);
  const bob = await rooms.join('bob', name);
  const stop$ = new Subject<void>();
  const published: string[] = [];
  let publishError: unknown;
  const publishing = tone$(stop$)
    .pipe(publishAudio(alice, { name: 'mic', source: TrackSource.SOURCE_MICROPHONE }))
    .subscribe({
      next: (e) => {
        if (e.type === 'published' || e.type === 'unpublished') published.push(e.type);
      },
      error: (e) => (publishError = e),
    });
  const rosters = { alice: [] as string[][], bob: [] as string[][] };
  const roster = merge(
    participants(alice).pipe(map((m) => ['alice', [...m.keys()] as string[]] as const)),
    participants(bob).pipe(map((m) => ['bob', [...m.keys()] as string[]] as const)),
  ).subscribe(([who, ids]) => rosters[who].push(ids));
  const heard = listen(bob);
  await heard.sound(20);
  return {
    alice,
    bob,
    heard,
    rosters,
    published: () => ({ published, publishError }),
    /** Which of alice's and bob's rooms emitted reconnecting/reconnected, in order. */
    watchReconnection(room: Room, who: string) {
      const seen: string[] = [];
      const s = merge(
        reconnecting(room).pipe(map(() => `${who} reconnecting`)),
        reconnected(room).pipe(map(() => `${who} reconnected`)),
      ).subscribe((e) => seen.push(e));
      return { seen, stop: () => s.unsubscribe() };
    },
    end() {
      stop$.next();
      heard.stop();
      roster.unsubscribe();
      publishing.unsubscribe();
    },
  };
}

describe('dev server: reconnection', () => {
  it.each(['alice', 'bob'] as const)(
    'a dropped signalling socket at %s is resumed: participants, audioFrames and publishAudio go on, nobody sees a leave',
    async (who) => {
      const s = await scene(`resume-${who}`);
      const room = who === 'alice' ? s.alice : s.bob;
      const reconnection = s.watchReconnection(room, who);
      const back = next(room, RoomEvent.Reconnected, () => true, 30_000);
      const resumed = lines.length;
      await room.simulateScenario(SimulateScenarioKind.SIMULATE_SIGNAL_RECONNECT);
      await back;
      await s.heard.sound(50); // bob still hears alice, on the same subscription
      expect(reconnection.seen).toEqual([`${who} reconnecting`, `${who} reconnected`]);
      expect(lines.slice(resumed)).toEqual([
        `${who}: signalling socket lost; kept 10000 ms for a resume`,
        `${who}: resumed on a new signalling socket`,
      ]);
      expect(s.heard.state()).toEqual({ completed: false, error: undefined });
      expect(s.published()).toEqual({ published: ['published'], publishError: undefined });
      // Nobody left, not even for a moment.
      expect(s.rosters).toEqual({ alice: [['bob']], bob: [['alice']] });
      reconnection.stop();
      s.end();
    },
    30_000,
  );

  it('a full reconnect: the reconnecting side goes on; the others see a leave and a join, as with livekit-server', async () => {
    const s = await scene('full');
    const reconnection = s.watchReconnection(s.alice, 'alice');
    const back = next(s.alice, RoomEvent.Reconnected, () => true, 30_000);
    await s.alice.simulateScenario(SimulateScenarioKind.SIMULATE_FULL_RECONNECT);
    await back;
    expect(reconnection.seen).toEqual(['alice reconnecting', 'alice reconnected']);
    // rtc-node republished alice's track by itself: publishAudio never noticed, and goes on.
    expect(s.published()).toEqual({ published: ['published'], publishError: undefined });
    // The old session left (its LeaveRequest) and a new one joined: bob's audioFrames of alice
    // completed when she left (as documented), a new one hears the republished track.
    expect(s.heard.state()).toEqual({ completed: true, error: undefined });
    await listen(s.bob).sound(20);
    expect(s.rosters.bob).toEqual([['alice'], [], ['alice']]);
    expect(s.rosters.alice.at(-1)).toEqual(['bob']);
    reconnection.stop();
    s.end();
  }, 30_000);
});
