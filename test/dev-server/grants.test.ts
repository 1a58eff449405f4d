import {
  AudioSource,
  LocalAudioTrack,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  type Room,
} from '@livekit/rtc-node';
import { publishTone } from './media';
import { next, useDevServer } from './helpers';

const lines: string[] = [];
const rooms = useDevServer({ log: (line) => lines.push(line) });

/** Resolves when the server has logged `count` lines matching `pattern` (from now on). */
function logged(pattern: RegExp, count = 1, timeoutMs = 15_000): Promise<void> {
  const from = lines.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = lines.slice(from).filter((l) => pattern.test(l)).length >= count;
      if (found || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        if (found) resolve();
        else reject(new Error(`the server did not log ${pattern} ${count} time(s)`));
      }
    }, 20);
  });
}

/** Publishes an audio track of `source` (nothing is fed: only the publication matters here). */
async function publishAudioOf(room: Room, source: TrackSource, name: string) {
  const track = LocalAudioTrack.createAudioTrack(name, new AudioSource(48000, 1));
  const options = new TrackPublishOptions();
  options.source = source;
  try {
    return await room.localParticipant!.publishTrack(track, options);
  } finally {
    if (name.startsWith('refused')) await track.close();
  }
}

/** What one room hears of the others' tracks and participants, from now on. */
function watch(room: Room) {
  const seen: string[] = [];
  room.on(RoomEvent.ParticipantConnected, (p) => seen.push(`joined ${p.identity}`));
  room.on(RoomEvent.TrackPublished, (pub, p) => seen.push(`published ${p.identity}/${pub.name}`));
  room.on(RoomEvent.DataReceived, (payload, p) =>
    seen.push(`data ${p?.identity ?? '(nobody)'} ${new TextDecoder().decode(payload)}`),
  );
  room.on(RoomEvent.ActiveSpeakersChanged, (speakers) =>
    seen.push(`speakers ${speakers.map((s) => s.identity).join(',')}`),
  );
  return seen;
}

describe('dev server: grants, enforced as livekit-server enforces them', () => {
  it('canPublish: false and canPublishSources refuse the AddTrackRequest; nobody sees the track', async () => {
    const alice = await rooms.join('alice', 'publish-grants');
    const seen = watch(alice);
    const listener = await rooms.join('listener', 'publish-grants', {
      grants: { canPublish: false },
    });
    const micOnly = await rooms.join('mic-only', 'publish-grants', {
      grants: { canPublishSources: ['microphone'] },
    });
    // Both refusals at once: rtc-node 1.1.0 ignores the RequestResponse and times out after 10 s,
    // as it does against livekit-server.
    const refusals = Promise.all([
      publishAudioOf(listener, TrackSource.SOURCE_MICROPHONE, 'refused-mic').catch((e) => e),
      publishAudioOf(micOnly, TrackSource.SOURCE_SCREENSHARE_AUDIO, 'refused-screen').catch(
        (e) => e,
      ),
    ]);
    const refusedLines = [
      logged(/listener: refused AddTrackRequest 'refused-mic'/),
      logged(/mic-only: refused AddTrackRequest 'refused-screen'/),
    ];
    await Promise.all(refusedLines);
    // The granted source still publishes, and alice sees that track only.
    const granted = next(alice, RoomEvent.TrackPublished, (pub) => pub.name === 'allowed-mic');
    await publishAudioOf(micOnly, TrackSource.SOURCE_MICROPHONE, 'allowed-mic');
    await granted;
    for (const err of await refusals) {
      expect(String(err)).toMatch(
        /track publication timed out, no response received from the server/,
      );
    }
    expect(seen).toEqual(['joined listener', 'joined mic-only', 'published mic-only/allowed-mic']);
    expect([
      ...(alice.remoteParticipants.get('listener')?.trackPublications.values() ?? []),
    ]).toEqual([]);
  }, 30_000);

  it('canPublishData: false (and its default, canPublish: false) drops the data at the server', async () => {
    const alice = await rooms.join('alice', 'data-grants');
    const mute = await rooms.join('mute', 'data-grants', { grants: { canPublishData: false } });
    const listener = await rooms.join('listener', 'data-grants', { grants: { canPublish: false } });
    const seen = watch(alice);
    const dropped = logged(/dropped a data packet from 'listener' \(no canPublishData\)/);
    const droppedMute = logged(/dropped a data packet from 'mute' \(no canPublishData\)/);
    await mute.localParticipant?.publishData(new TextEncoder().encode('muted'), { reliable: true });
    await listener.localParticipant?.publishData(new TextEncoder().encode('listening'), {
      reliable: true,
    });
    await Promise.all([dropped, droppedMute]);
    expect(seen).toEqual([]);
  });

  it('canSubscribe: false: the track is announced but never subscribed', async () => {
    const alice = await rooms.join('alice', 'subscribe-grants');
    const deaf = await rooms.join('deaf', 'subscribe-grants', { grants: { canSubscribe: false } });
    const bob = await rooms.join('bob', 'subscribe-grants');
    const subscribedEvents: string[] = [];
    deaf.on(RoomEvent.TrackSubscribed, (_t, pub) => subscribedEvents.push(pub.sid ?? ''));
    const announced = next(deaf, RoomEvent.TrackPublished);
    const bobGotIt = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice);
    await Promise.all([announced, bobGotIt]);
    // The server subscribes everyone in one pass: bob's offer went out when deaf's would have.
    expect(subscribedEvents).toEqual([]);
    expect(
      deaf.remoteParticipants.get('alice')?.trackPublications.get(tone.publication.sid ?? '')
        ?.subscribed,
    ).toBe(false);
    await tone.stop();
  });

  it('hidden: absent from the others rosters, speaker lists and data senders; it sees them', async () => {
    const alice = await rooms.join('alice', 'hidden');
    const seen = watch(alice);
    const ghost = await rooms.join('ghost', 'hidden', { grants: { hidden: true } });
    expect([...ghost.remoteParticipants.keys()]).toEqual(['alice']);
    const ghostTone = await publishTone(ghost);
    // A visible speaker after it: once alice hears carol speak, the ghost's tone (published
    // first, as loud) would have made it a speaker too.
    const carol = await rooms.join('carol', 'hidden');
    expect([...carol.remoteParticipants.keys()]).toEqual(['alice']);
    const carolSpeaks = next(alice, RoomEvent.ActiveSpeakersChanged, (s) =>
      s.some((p) => p.identity === 'carol'),
    );
    const carolTone = await publishTone(carol, 660);
    await carolSpeaks;
    const data = next(alice, RoomEvent.DataReceived);
    await ghost.localParticipant?.publishData(new TextEncoder().encode('boo'), { reliable: true });
    const [, from] = await data;
    expect(from).toBeUndefined(); // relayed with no identity
    expect(rooms.server.rooms()).toMatchObject({ hidden: ['alice', 'ghost', 'carol'] });
    expect([...alice.remoteParticipants.keys()]).toEqual(['carol']);
    expect(seen.filter((s) => s.includes('ghost'))).toEqual([]);
    expect(seen).toContain('joined carol');
    expect(seen).toContain('published carol/tone');
    await ghostTone.stop();
    await carolTone.stop();
  });

  it('recorder: the room is recording while a recorder is in it', async () => {
    const alice = await rooms.join('alice', 'recorded');
    expect(alice.isRecording).toBe(false);
    const started = next(alice, RoomEvent.RoomUpdated, () => alice.isRecording);
    const recorder = await rooms.join('recorder', 'recorded', { grants: { recorder: true } });
    await started;
    expect(recorder.isRecording).toBe(true);
    const stopped = next(alice, RoomEvent.RoomUpdated, () => !alice.isRecording);
    await recorder.disconnect();
    await stopped;
  });

  it('canUpdateOwnMetadata: false refuses the update (NOT_ALLOWED); nobody sees a change', async () => {
    const alice = await rooms.join('alice', 'metadata-grants');
    const fixed = await rooms.join('fixed', 'metadata-grants', {
      metadata: 'm0',
      grants: { canUpdateOwnMetadata: false },
    });
    const changes: string[] = [];
    alice.on(RoomEvent.ParticipantMetadataChanged, (m) => changes.push(String(m)));
    alice.on(RoomEvent.ParticipantNameChanged, (n) => changes.push(n));
    // The server answers RequestResponse NOT_ALLOWED ("does not have permission to update own
    // metadata", livekit-server's words); rtc-node 1.1.0 resolves the update all the same.
    const refused = logged(/fixed: refused a metadata update/, 2);
    await fixed.localParticipant?.updateMetadata('m1');
    await fixed.localParticipant?.updateName('Mallory');
    await refused;
    expect(changes).toEqual([]);
    expect(alice.remoteParticipants.get('fixed')?.metadata).toBe('m0');
  });
});
