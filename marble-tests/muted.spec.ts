import { ConnectionState } from '@livekit/rtc-node';
import { EMPTY, map, merge, mergeMap } from 'rxjs';
import { muted, publishAudio, PublishError, roomEvent } from 'livekit-rx';
import { TestRoom, testFrame } from 'livekit-rx/testing';
import { testScheduler } from './scheduler';

const values = { t: true, f: false };

describe('muted', () => {
  it('applies each change of a boolean stream to a local track; the room emits TrackMuted/TrackUnmuted', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ local: { identity: 'agent' } });
      void room.localParticipant.publishTrack({ name: 'mic' }); // published at once on a TestRoom
      const publication = room.localParticipant.trackPublications.get('TR_1')!;
      const events = merge(
        roomEvent(room, 'trackMuted').pipe(
          map(([p, who]) => `+${p.sid}/${who.identity}/${p.muted}`),
        ),
        roomEvent(room, 'trackUnmuted').pipe(
          map(([p, who]) => `-${p.sid}/${who.identity}/${p.muted}`),
        ),
      );
      expectObservable(events).toBe('-m---u--m', {
        m: '+TR_1/agent/true',
        u: '-TR_1/agent/false',
      });
      expectObservable(hot('-t-t-f--t-|', values).pipe(muted(publication))).toBe(
        '-t---f--t-|',
        values,
      );
    });
  });

  it('mutes the publication of publishAudio (its published event) and starts from its state', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const room = new TestRoom();
      const frame = testFrame({ samplesPerChannel: 80, sampleRate: 8000 });
      // f first: the track is not muted, so nothing changes.
      const mute$ = hot('-f-t-t-f|', values);
      expectObservable(
        cold('a 50ms |', { a: frame }).pipe(
          publishAudio(room, { sampleRate: 8000, queueSizeMs: 10 }),
          mergeMap((e) => (e.type === 'published' ? mute$.pipe(muted(e.publication)) : EMPTY)),
        ),
      ).toBe('---t---f 43ms |', values);
      expectObservable(roomEvent(room, 'trackMuted').pipe(map(([p]) => p.sid))).toBe('---m', {
        m: 'TR_1',
      });
    });
  });

  it('muting a track that was unpublished ends with a PublishError (mute-failed)', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom();
      void room.localParticipant.publishTrack({ name: 'mic' });
      const publication = room.localParticipant.trackPublications.get('TR_1')!;
      hot('-u').subscribe(() => void room.localParticipant.unpublishTrack('TR_1'));
      expectObservable(hot('t--f', values).pipe(muted(publication))).toBe(
        't--#',
        values,
        new PublishError(
          { sink: 'muted', reason: 'mute-failed', trackName: 'mic', connectionState: undefined },
          new Error('TestRoom: track TR_1 is not published'),
        ),
      );
    });
  });

  it('refuses a remote publication at once with a TypeError', () => {
    const room = new TestRoom();
    room.join({ identity: 'alice' });
    const remote = room.publish('alice', { name: 'mic' });
    expect(() => muted(remote)).toThrow(
      new TypeError(
        "muted: expected a local track publication (publishAudio's 'published' event has one), got a TestTrackPublication",
      ),
    );
    expect(ConnectionState.CONN_CONNECTED).toBe(room.connectionState);
  });
});
