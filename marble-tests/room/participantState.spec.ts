import { map } from 'rxjs';
import {
  participant,
  participantAttributes,
  participantMetadata,
  participantName,
  roomMetadata,
} from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const script: Record<string, TestRoomAction> = {
  j: { type: 'join', identity: 'alice', name: 'Alice', attributes: { role: 'user' } },
  r: { type: 'attributes', identity: 'alice', attributes: { role: 'agent' } },
  s: { type: 'attributes', identity: 'alice', attributes: { role: 'agent' } },
  d: { type: 'attributes', identity: 'alice', attributes: { role: '', mood: 'calm' } },
  m: { type: 'metadata', identity: 'alice', metadata: '{"v":1}' },
  n: { type: 'name', identity: 'alice', name: 'Alicia' },
  o: { type: 'metadata', identity: 'bob', metadata: 'other' },
  p: { type: 'publish', identity: 'alice', track: { sid: 'TR_a', name: 'mic' } },
  u: { type: 'mute', identity: 'alice', trackSid: 'TR_a' },
  l: { type: 'leave', identity: 'alice' },
  R: { type: 'room-metadata', metadata: 'live' },
  x: { type: 'disconnect' },
};
const base = { participants: [{ identity: 'bob' }] };

describe('participant state streams', () => {
  it('participantAttributes waits for the participant, emits every change (a repeated value is no change), completes when they leave', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(base);
      room.play(cold('-j-r-s-d-o-l', script));
      expectObservable(participantAttributes(room, 'alice')).toBe('-a-b---c---|', {
        a: { role: 'user' },
        b: { role: 'agent' },
        c: { mood: 'calm' },
      });
    });
  });

  it('participantMetadata and participantName start with the current value and follow only that participant', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(base);
      room.join({ identity: 'alice', name: 'Alice' });
      room.play(cold('-m-n-o-l', script));
      expectObservable(participantMetadata(room, 'alice')).toBe('0m-----|', {
        0: '',
        m: '{"v":1}',
      });
      expectObservable(participantName(room, 'alice')).toBe('a--b---|', {
        a: 'Alice',
        b: 'Alicia',
      });
    });
  });

  it('works for the local participant, whose updates come from its own methods', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ local: { identity: 'me' } });
      cold('--a').subscribe(() => void room.localParticipant.setAttributes({ state: 'listening' }));
      expectObservable(participantAttributes(room, 'me')).toBe('0-a', {
        0: {},
        a: { state: 'listening' },
      });
    });
  });

  it('participant emits the participant on join and on each change about them, then completes when they leave', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom(base);
      room.play(cold('-j-m-o-p-----u-----l', script));
      const tracks = participant(room, 'alice').pipe(map((p) => p.trackPublications.size));
      // p: published, then subscribed; l: unsubscribed (still published), unpublished, left.
      expectObservable(tracks).toBe('-0-0---(11)--1-----(10|)', { 0: 0, 1: 1 });
    });
  });

  it('roomMetadata starts with the room’s metadata, follows changes and completes on disconnect', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ metadata: 'draft' });
      room.play(cold('--R--x', script));
      expectObservable(roomMetadata(room)).toBe('a-b--|', { a: 'draft', b: 'live' });
    });
  });

  it('all complete on disconnect and leave no listener behind', () => {
    const room = new TestRoom(base);
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('-j---x', script));
      expectObservable(participantAttributes(room, 'alice').pipe(map(() => 'v'))).toBe('-v---|');
      expectObservable(participantMetadata(room, 'bob')).toBe('0----|', { 0: '' });
      expectObservable(participantName(room, 'carol')).toBe('-----|');
    });
    expect(listenerTotal(room)).toBe(0);
  });

  it('rejects an identity that is not a string at once', () => {
    const room = new TestRoom();
    expect(() => participantAttributes(room, 42 as unknown as string)).toThrow(
      new TypeError('participantAttributes: expected a participant identity string, got 42'),
    );
  });
});
