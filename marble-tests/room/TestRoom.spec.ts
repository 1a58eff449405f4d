import {
  ConnectionState,
  DisconnectReason,
  RoomEvent,
  TrackKind,
  TrackSource,
} from '@livekit/rtc-node';
import { map } from 'rxjs';
import { TestAudioSource, TestRoom, TestTrack } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

/** Records every event the room emits as `name(args…)`, participants by identity. */
function record(room: TestRoom): string[] {
  const log: string[] = [];
  for (const event of Object.values(RoomEvent)) {
    room.on(event, (...args: unknown[]) => {
      const shown = args.map((a) =>
        a !== null && typeof a === 'object' && 'identity' in a
          ? (a as { identity: string }).identity
          : a !== null && typeof a === 'object' && 'sid' in a
            ? (a as { sid: string }).sid
            : String(a),
      );
      log.push(`${event}(${shown.join(',')})`);
    });
  }
  return log;
}

describe('TestRoom follows the real Room’s rules', () => {
  it('a leave unsubscribes and unpublishes each track, removes the participant, then announces it', () => {
    const room = new TestRoom();
    const log = record(room);
    room.join({ identity: 'alice', tracks: [{ sid: 'TR_a', name: 'mic' }] });
    let presentAtLeave: boolean | undefined;
    room.on(
      RoomEvent.ParticipantDisconnected,
      () => (presentAtLeave = room.remoteParticipants.has('alice')),
    );
    room.leave('alice');
    expect(log).toEqual([
      'participantConnected(alice)',
      'trackPublished(TR_a,alice)',
      'trackSubscribed(TR_a,TR_a,alice)',
      'trackUnsubscribed(TR_a,TR_a,alice)',
      'trackUnpublished(TR_a,alice)',
      'participantDisconnected(alice)',
    ]);
    expect(presentAtLeave).toBe(false);
  });

  it('announces no one present at "connection" (rtc-node does not), but lists them', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob', tracks: [{ name: 'mic' }] }] });
    expect([...room.remoteParticipants.keys()]).toEqual(['bob']);
    expect(room.remoteParticipants.get('bob')?.trackPublications.size).toBe(1);
    expect(
      [...(room.remoteParticipants.get('bob')?.trackPublications.values() ?? [])][0]?.track,
    ).toBeDefined();
  });

  it('changes the connection state before Reconnecting, Reconnected and Disconnected', () => {
    const room = new TestRoom();
    const log = record(room);
    room.reconnect();
    room.serverDisconnect(DisconnectReason.ROOM_DELETED);
    expect(log).toEqual([
      `connectionStateChanged(${ConnectionState.CONN_RECONNECTING})`,
      'reconnecting()',
      `connectionStateChanged(${ConnectionState.CONN_CONNECTED})`,
      'reconnected()',
      `connectionStateChanged(${ConnectionState.CONN_DISCONNECTED})`,
      `disconnected(${DisconnectReason.ROOM_DELETED})`,
    ]);
    expect(room.isConnected).toBe(false);
  });

  it('disconnect() emits CLIENT_INITIATED and removes every listener; a server disconnect keeps them', async () => {
    const a = new TestRoom();
    record(a);
    await a.disconnect();
    expect(listenerTotal(a)).toBe(0);
    await a.disconnect(); // a no-op, like rtc-node
    const b = new TestRoom();
    record(b);
    b.serverDisconnect();
    expect(listenerTotal(b)).toBe(33);
  });

  it('publishTrack(track, options) and unpublishTrack(sid) take rtc-node’s arguments', async () => {
    const room = new TestRoom({ local: { identity: 'agent' } });
    const log = record(room);
    const source = new TestAudioSource(48000, 1);
    const track = new TestTrack({ name: 'voice', kind: TrackKind.KIND_AUDIO, source });
    expect([track.sid, track.name, track.muted]).toEqual([undefined, 'voice', false]);
    const publication = await room.localParticipant.publishTrack(track, {
      source: TrackSource.SOURCE_SCREENSHARE_AUDIO,
    });
    // Like rtc-node: the publication holds the very track, which now has the publication's sid.
    expect(publication.track).toBe(track);
    expect([publication.sid, track.sid, publication.name, publication.source]).toEqual([
      'TR_1',
      'TR_1',
      'voice',
      TrackSource.SOURCE_SCREENSHARE_AUDIO,
    ]);
    expect(track.source).toBe(source);
    // A media-less track description still works, as before.
    const described = await room.localParticipant.publishTrack({
      name: 'cam',
      kind: TrackKind.KIND_VIDEO,
    });
    expect([described.sid, described.source]).toEqual(['TR_2', TrackSource.SOURCE_CAMERA]);
    await room.localParticipant.unpublishTrack('TR_1');
    expect(publication.track).toBeUndefined();
    expect(room.localParticipant.trackPublications.has('TR_1')).toBe(false);
    await expect(room.localParticipant.unpublishTrack('TR_1')).rejects.toThrow(
      'TestRoom: the local participant has no track TR_1',
    );
    expect(log).toEqual([
      'localTrackPublished(TR_1,agent)',
      'localTrackPublished(TR_2,agent)',
      'localTrackUnpublished(TR_1,agent)',
    ]);
  });

  it('publishTrack rejects with rejectPublish, as rtc-node rejects a refused publication', async () => {
    const room = new TestRoom();
    room.localParticipant.rejectPublish = new Error('insufficient permissions');
    await expect(room.localParticipant.publishTrack({ name: 'mic' })).rejects.toThrow(
      'insufficient permissions',
    );
    expect(room.localParticipant.trackPublications.size).toBe(0);
  });

  it('refuses script mistakes with a clear message', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    expect(() => room.leave('alice')).toThrow(
      'TestRoom.leave: no remote participant "alice" (present: bob)',
    );
    expect(() => room.join({ identity: 'bob' })).toThrow(
      'TestRoom.join: bob is already in the room',
    );
    expect(() => room.mute('bob', 'TR_9')).toThrow('TestRoom.mute: bob has no track "TR_9"');
    room.serverDisconnect();
    expect(() => room.join({ identity: 'carol' })).toThrow(
      'TestRoom: join after the room disconnected (a real room emits nothing then)',
    );
  });

  it('attribute updates report only what changed, and "" deletes a key', () => {
    const room = new TestRoom({
      participants: [{ identity: 'bob', attributes: { a: '1', b: '2' } }],
    });
    const log = record(room);
    room.setAttributes('bob', { a: '1', b: '', c: '3' });
    room.setAttributes('bob', { a: '1' });
    expect(room.remoteParticipants.get('bob')?.attributes).toEqual({ a: '1', c: '3' });
    expect(log).toEqual(['participantAttributesChanged([object Object],bob)']);
  });

  it('records what the local participant sends, at the virtual time it is sent', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ local: { identity: 'agent' } });
      cold('-a-b-c').subscribe((step) => {
        const me = room.localParticipant;
        if (step === 'a')
          void me.publishData(new Uint8Array([1, 2]), { reliable: true, topic: 't' });
        if (step === 'b')
          void me.sendText('hello', { topic: 'chat', destinationIdentities: ['bob'] });
        if (step === 'c') void me.publishDtmf(5, '5');
      });
      expectObservable(room.sent$.pipe(map((s) => s.type))).toBe('-a-b-c', {
        a: 'data',
        b: 'text',
        c: 'dtmf',
      });
    });
  });

  it('plays a script of actions in virtual time', () => {
    const room = new TestRoom();
    const log = record(room);
    testScheduler().run(({ cold }) => {
      room.play(
        cold('-j--m', {
          j: { type: 'join', identity: 'alice' },
          m: { type: 'room-metadata', metadata: 'm' },
        }),
      );
    });
    expect(log).toEqual(['participantConnected(alice)', 'roomMetadataChanged(m)']);
  });
});
