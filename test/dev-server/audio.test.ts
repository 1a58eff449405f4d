import { AudioStream, RoomEvent, TrackKind, TrackSource } from '@livekit/rtc-node';
import { dominantFrequency, rms } from '../helpers/dominantFrequency';
import { next, useDevServer } from './helpers';
import { publishTone, readToEnd, receiveSound, setMuted } from './media';

const rooms = useDevServer();

describe('dev server: audio', () => {
  it('announces a published Opus track and forwards it: the subscriber hears 440 Hz', async () => {
    // Also the regression test of werift pitfall 3 (the first publish after the client's six
    // recvonly m-lines) and of the header-extension stripping (without it: silence).
    const alice = await rooms.join('alice', 'tone');
    const bob = await rooms.join('bob', 'tone');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice, 440, 'sine');
    const [track, publication, from] = await subscribed;
    expect(publication.sid).toBe(tone.publication.sid);
    expect(publication.sid).toMatch(/^TR_/);
    expect([publication.name, publication.source, publication.kind, from.identity]).toEqual([
      'sine',
      TrackSource.SOURCE_MICROPHONE,
      TrackKind.KIND_AUDIO,
      'alice',
    ]);
    const sound = await receiveSound(track, 100);
    await tone.stop();
    // The sine's amplitude is 16384 (rms 11585); Opus keeps it within a few percent.
    expect(Math.abs(dominantFrequency(sound.subarray(4800), 48000) - 440)).toBeLessThanOrEqual(2);
    expect(rms(sound.subarray(4800)) / 11585).toBeGreaterThan(0.8);
    expect(rms(sound.subarray(4800)) / 11585).toBeLessThan(1.2);
  });

  it('subscribes a late joiner to the tracks already published', async () => {
    const alice = await rooms.join('alice', 'late');
    const tone = await publishTone(alice, 660);
    const bob = await rooms.join('bob', 'late');
    // The initial publications are in the join response; rtc-node announces the subscription.
    const [track, publication] = await next(bob, RoomEvent.TrackSubscribed);
    expect(publication.sid).toBe(tone.publication.sid);
    expect(bob.remoteParticipants.get('alice')?.trackPublications.has(publication.sid ?? '')).toBe(
      true,
    );
    const sound = await receiveSound(track, 60);
    await tone.stop();
    expect(Math.abs(dominantFrequency(sound.subarray(4800), 48000) - 660)).toBeLessThanOrEqual(2);
  });

  it('announces mute and unmute to the other client', async () => {
    const alice = await rooms.join('alice', 'mute');
    const bob = await rooms.join('bob', 'mute');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice);
    await subscribed;
    const muted = next(bob, RoomEvent.TrackMuted);
    setMuted(tone.track, true);
    const [mutedPublication, mutedBy] = await muted;
    expect([mutedPublication.sid, mutedPublication.muted, mutedBy.identity]).toEqual([
      tone.publication.sid,
      true,
      'alice',
    ]);
    const unmuted = next(bob, RoomEvent.TrackUnmuted);
    setMuted(tone.track, false);
    const [unmutedPublication] = await unmuted;
    expect([unmutedPublication.sid, unmutedPublication.muted]).toEqual([
      tone.publication.sid,
      false,
    ]);
    await tone.stop();
  });

  it('unpublish announces TrackUnpublished and ends the subscriber AudioStream; republish works', async () => {
    const alice = await rooms.join('alice', 'unpublish');
    const bob = await rooms.join('bob', 'unpublish');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice);
    const [track] = await subscribed;
    const { flowing, ended } = readToEnd(new AudioStream(track, 48000, 1));
    await flowing;
    const unpublished = next(bob, RoomEvent.TrackUnpublished);
    await alice.localParticipant?.unpublishTrack(tone.publication.sid ?? '');
    const [publication, from] = await unpublished;
    expect([publication.sid, from.identity]).toEqual([tone.publication.sid, 'alice']);
    expect(await ended).toBeGreaterThan(0);
    await tone.stop();

    // A second publish after an unpublish (a re-offer with the old m-line now inactive).
    const again = next(bob, RoomEvent.TrackSubscribed);
    const second = await publishTone(alice, 880, 'second');
    const [secondTrack, secondPublication] = await again;
    expect(secondPublication.sid).toBe(second.publication.sid);
    const sound = await receiveSound(secondTrack, 40);
    await second.stop();
    expect(Math.abs(dominantFrequency(sound.subarray(2400), 48000) - 880)).toBeLessThanOrEqual(2);
  });

  it('a participant leaving ends its tracks at the subscribers', async () => {
    const alice = await rooms.join('alice', 'leaving');
    const bob = await rooms.join('bob', 'leaving');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice);
    const [track] = await subscribed;
    const { flowing, ended } = readToEnd(new AudioStream(track, 48000, 1));
    await flowing;
    const unsubscribed = next(bob, RoomEvent.TrackUnsubscribed);
    const left = next(bob, RoomEvent.ParticipantDisconnected);
    await tone.stop();
    await alice.disconnect();
    const [[gone], [participant]] = await Promise.all([unsubscribed, left]);
    expect([gone.sid, participant.identity]).toEqual([tone.publication.sid, 'alice']);
    expect(await ended).toBeGreaterThan(0);
  });

  it('announces an active speaker from the audio levels, and its end on unpublish', async () => {
    const alice = await rooms.join('alice', 'speakers');
    const bob = await rooms.join('bob', 'speakers');
    const speaking = next(bob, RoomEvent.ActiveSpeakersChanged, (s) => s.length > 0);
    const tone = await publishTone(alice);
    const [speakers] = await speaking;
    expect(speakers.map((p) => p.identity)).toEqual(['alice']);
    const quiet = next(bob, RoomEvent.ActiveSpeakersChanged);
    await alice.localParticipant?.unpublishTrack(tone.publication.sid ?? '');
    const [after] = await quiet;
    expect(after).toEqual([]);
    await tone.stop();
  });
});
