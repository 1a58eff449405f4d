// TestRoom must not drift from the real Room: one scenario, scripted once for a TestRoom and once
// played by real rtc-node clients through the local development server; the observer's livekit-rx
// streams must emit the same sequence.
import { DataPacketKind } from '@livekit/rtc-node';
import {
  dataReceived,
  fromRoom,
  participantAttributes,
  participantJoined,
  participantLeft,
  participants,
  subscribedTracks,
  trackPublications,
  type RoomLike,
} from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { map, merge, mergeMap, skip, switchMap, type Observable } from 'rxjs';
import { useDevServer } from './helpers';
import { publishTone, setMuted } from './media';

const rooms = useDevServer();

/** What the observer sees, as strings that depend on neither sids nor timing. */
function observe(room: RoomLike): Observable<string> {
  const decoder = new TextDecoder();
  const tracks = (
    list: ReadonlyArray<{
      participant: { identity: string };
      publication: { name: string | undefined; muted: boolean | undefined };
    }>,
  ) =>
    list
      .map(
        (t) => `${t.participant.identity}/${t.publication.name}${t.publication.muted ? '*' : ''}`,
      )
      .join(',');
  return merge(
    participants(room).pipe(map((roster) => `roster:${[...roster.keys()].sort().join(',')}`)),
    participantJoined(room).pipe(
      mergeMap((p) =>
        participantAttributes(room, p.identity).pipe(
          map((attributes) => `attributes:${p.identity}:${JSON.stringify(attributes)}`),
        ),
      ),
    ),
    trackPublications(room, { local: false }).pipe(
      skip(1),
      map((list) => `published:${tracks(list)}`),
    ),
    subscribedTracks(room).pipe(
      skip(1),
      map((list) => `subscribed:${tracks(list)}`),
    ),
    dataReceived(room).pipe(
      map(
        (d) => `data:${d.participant?.identity}:${d.topic}:${d.kind}:${decoder.decode(d.payload)}`,
      ),
    ),
    participantLeft(room).pipe(map((p) => `left:${p.identity}`)),
  );
}

/** The scenario, step by step: what "bee" does, and the line that shows the observer saw it. */
const EXPECTED = [
  'roster:',
  'roster:bee', // bee joins with role=user
  'attributes:bee:{"role":"user"}',
  'attributes:bee:{"role":"agent"}', // bee becomes an agent
  'published:bee/mic', // bee publishes her microphone...
  'subscribed:bee/mic', // ...and the observer auto-subscribes
  'published:bee/mic*', // muted
  'published:bee/mic', // unmuted
  `data:bee:chat:${DataPacketKind.KIND_RELIABLE}:hello`,
  'subscribed:', // unpublished: unsubscribed first...
  'published:', // ...then gone
  'roster:', // bee leaves
  'left:bee',
];

describe('parity: TestRoom and real rtc-node rooms on the dev server emit the same sequence', () => {
  it('on a TestRoom scripted with the scenario', () => {
    const room = new TestRoom();
    const log: string[] = [];
    const subscription = observe(room).subscribe((line) => log.push(line));
    const script: TestRoomAction[] = [
      { type: 'join', identity: 'bee', attributes: { role: 'user' } },
      { type: 'attributes', identity: 'bee', attributes: { role: 'agent' } },
      { type: 'publish', identity: 'bee', track: { sid: 'TR_mic', name: 'mic' } },
      { type: 'mute', identity: 'bee', trackSid: 'TR_mic' },
      { type: 'unmute', identity: 'bee', trackSid: 'TR_mic' },
      {
        type: 'data',
        from: 'bee',
        payload: 'hello',
        topic: 'chat',
        kind: DataPacketKind.KIND_RELIABLE,
      },
      { type: 'unpublish', identity: 'bee', trackSid: 'TR_mic' },
      { type: 'leave', identity: 'bee' },
    ];
    for (const action of script) room.apply(action);
    subscription.unsubscribe();
    expect(log).toEqual(EXPECTED);
  });

  it('on real rooms: an observer and a participant played by rtc-node through the dev server', async () => {
    const log: string[] = [];
    const waiters: Array<{ line: string; from: number; resolve: () => void }> = [];
    /** Resolves once `line` is logged (again) from now on: the observer has seen the step. */
    const seen = (line: string): Promise<void> =>
      new Promise((resolve) => waiters.push({ line, from: log.length, resolve }));
    const observer = await rooms.join('observer', 'parity');
    const subscription = fromRoom(observer)
      .pipe(switchMap((room) => observe(room)))
      .subscribe((line) => {
        log.push(line);
        for (const w of waiters) if (w.line === line && log.length > w.from) w.resolve();
      });
    try {
      const joined = seen('attributes:bee:{"role":"user"}');
      const bee = await rooms.join('bee', 'parity', { attributes: { role: 'user' } });
      await joined;
      const promoted = seen('attributes:bee:{"role":"agent"}');
      await bee.localParticipant!.setAttributes({ role: 'agent' });
      await promoted;
      const subscribed = seen('subscribed:bee/mic');
      const tone = await publishTone(bee, 440, 'mic');
      await subscribed;
      const muted = seen('published:bee/mic*');
      setMuted(tone.track, true);
      await muted;
      const unmuted = seen('published:bee/mic');
      setMuted(tone.track, false);
      await unmuted;
      const data = seen(`data:bee:chat:${DataPacketKind.KIND_RELIABLE}:hello`);
      await bee.localParticipant!.publishData(new TextEncoder().encode('hello'), {
        reliable: true,
        topic: 'chat',
      });
      await data;
      const unpublished = seen('published:');
      await bee.localParticipant!.unpublishTrack(tone.publication.sid!);
      await unpublished;
      await tone.stop();
      const left = seen('left:bee');
      await bee.disconnect();
      await left;
    } finally {
      subscription.unsubscribe();
    }
    expect(log).toEqual(EXPECTED);
  });
});
