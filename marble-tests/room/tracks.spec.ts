import { TrackKind, TrackSource } from '@livekit/rtc-node';
import { map } from 'rxjs';
import { subscribedTracks, trackPublications, type PublishedTrack } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const video = { kind: TrackKind.KIND_VIDEO } as const;
const script: Record<string, TestRoomAction> = {
  j: { type: 'join', identity: 'bob', tracks: [{ sid: 'TR_b', name: 'mic' }] },
  v: { type: 'publish', identity: 'alice', track: { sid: 'TR_v', name: 'cam', ...video } },
  m: { type: 'mute', identity: 'alice', trackSid: 'TR_a' },
  M: { type: 'unmute', identity: 'alice', trackSid: 'TR_a' },
  s: { type: 'unsubscribe', identity: 'alice', trackSid: 'TR_a' },
  S: { type: 'subscribe', identity: 'alice', trackSid: 'TR_a' },
  u: { type: 'unpublish', identity: 'alice', trackSid: 'TR_a' },
  l: { type: 'leave', identity: 'bob' },
  x: { type: 'disconnect' },
};
const present = { participants: [{ identity: 'alice', tracks: [{ sid: 'TR_a', name: 'mic' }] }] };
const describeList = map((list: ReadonlyArray<PublishedTrack<TestRoom>>) =>
  list
    .map((t) => `${t.participant.identity}/${t.publication.name}${t.publication.muted ? '*' : ''}`)
    .join(','),
);

describe('trackPublications', () => {
  it('seeds from the publications already present, then follows publish, mute, unmute, unpublish and leave', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      room.play(cold('-j-v-m-M-s-u-l-x', script));
      expectObservable(trackPublications(room).pipe(describeList)).toBe('0a-b-c-b---d-e-|', {
        0: 'alice/mic',
        a: 'alice/mic,bob/mic',
        b: 'alice/mic,alice/cam,bob/mic',
        c: 'alice/mic*,alice/cam,bob/mic',
        d: 'alice/cam,bob/mic',
        e: 'alice/cam',
      });
    });
  });

  it('filters by kind, source and identity, and includes the local participant’s tracks unless told not to', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      cold('--p').subscribe(
        () => void room.localParticipant.publishTrack({ sid: 'TR_l', name: 'agent-voice' }),
      );
      room.play(cold('-j-v', script));
      expectObservable(
        trackPublications(room, { kind: TrackKind.KIND_VIDEO }).pipe(describeList),
      ).toBe('0--a', { 0: '', a: 'alice/cam' });
      expectObservable(
        trackPublications(room, { source: TrackSource.SOURCE_MICROPHONE }).pipe(describeList),
      ).toBe('0ab', {
        0: 'alice/mic',
        a: 'alice/mic,bob/mic',
        b: 'local/agent-voice,alice/mic,bob/mic',
      });
      expectObservable(
        trackPublications(room, { identity: 'bob', local: false }).pipe(describeList),
      ).toBe('0a', { 0: '', a: 'bob/mic' });
    });
  });

  it('removes its listeners when unsubscribed', () => {
    const room = new TestRoom(present);
    testScheduler().run(({ expectObservable }) => {
      expectObservable(trackPublications(room).pipe(describeList), '^-!').toBe('0', {
        0: 'alice/mic',
      });
    });
    expect(listenerTotal(room)).toBe(0);
  });
});

describe('subscribedTracks', () => {
  it('seeds from tracks already subscribed, then follows subscriptions, unpublications and leaves', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(present);
      room.play(cold('-j-v-s-S-u-l-x', script));
      const ids = subscribedTracks(room).pipe(
        map((list) => list.map((t) => `${t.participant.identity}/${t.track.name}`).join(',')),
      );
      expectObservable(ids).toBe('0a-b-c-b-c-d-|', {
        0: 'alice/mic',
        a: 'alice/mic,bob/mic',
        b: 'alice/mic,alice/cam,bob/mic',
        c: 'alice/cam,bob/mic',
        d: 'alice/cam',
      });
    });
  });

  it('carries the track, its publication and its participant, filtered by kind', () => {
    const room = new TestRoom(present);
    const seen: string[] = [];
    subscribedTracks(room, { kind: TrackKind.KIND_VIDEO }).subscribe((list) => {
      for (const t of list) {
        expect(t.publication.track).toBe(t.track);
        expect(t.participant.trackPublications.get(t.publication.sid)).toBe(t.publication);
        seen.push(t.publication.sid);
      }
    });
    room.publish('alice', { sid: 'TR_v', name: 'cam', ...video });
    room.publish('alice', { sid: 'TR_2', name: 'mic2' });
    expect(seen).toEqual(['TR_v']);
  });

  it('without autoSubscribe, nothing is subscribed until the client subscribes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ ...present, autoSubscribe: false });
      room.play(cold('-j-S', script));
      expectObservable(subscribedTracks(room).pipe(map((l) => l.length))).toBe('0--1', {
        0: 0,
        1: 1,
      });
    });
  });
});
