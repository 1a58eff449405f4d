import { DataPacketKind, DisconnectReason, ParticipantKind } from '@livekit/rtc-node';
import { map } from 'rxjs';
import {
  chatMessages,
  dataReceived,
  type DataPacket,
  disconnected,
  dtmfReceived,
  firstParticipantJoined,
  participantJoined,
  participantLeft,
  reconnected,
  reconnecting,
  RoomDisconnectedError,
  waitForParticipant,
} from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const script: Record<string, TestRoomAction> = {
  a: { type: 'join', identity: 'alice' },
  b: { type: 'join', identity: 'bob', attributes: { role: 'user' } },
  g: {
    type: 'join',
    identity: 'agent-1',
    kind: ParticipantKind.AGENT,
    attributes: { role: 'agent' },
  },
  r: { type: 'attributes', identity: 'bob', attributes: { role: 'agent' } },
  A: { type: 'leave', identity: 'alice', reason: DisconnectReason.PARTICIPANT_REMOVED },
  B: { type: 'leave', identity: 'bob' },
  d: { type: 'data', from: 'alice', payload: 'hi', topic: 'chat' },
  e: {
    type: 'data',
    from: 'alice',
    payload: 'pos',
    topic: 'state',
    kind: DataPacketKind.KIND_LOSSY,
  },
  s: { type: 'data', payload: 'from the server', topic: 'chat' },
  t: { type: 'dtmf', from: 'alice', code: 1, digit: '1' },
  c: { type: 'chat', from: 'alice', message: 'hello' },
  R: { type: 'reconnecting' },
  C: { type: 'reconnected' },
  x: { type: 'disconnect', reason: DisconnectReason.ROOM_DELETED },
};
const identity = map((p: { identity: string }) => p.identity);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('participant event streams', () => {
  it('participantJoined and participantLeft emit joins and leaves while subscribed, and complete on disconnect', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'zed' }] });
      room.play(cold('-a-b-A-B-x', script));
      expectObservable(participantJoined(room).pipe(identity)).toBe('-a-b-----|', {
        a: 'alice',
        b: 'bob',
      });
      expectObservable(participantLeft(room).pipe(identity)).toBe('-----a-b-|', {
        a: 'alice',
        b: 'bob',
      });
    });
  });

  it('participantLeft carries the reason the participant left', () => {
    const room = new TestRoom({ participants: [{ identity: 'alice' }] });
    const reasons: Array<DisconnectReason | undefined> = [];
    participantLeft(room).subscribe((p) => reasons.push(p.disconnectReason));
    room.leave('alice', DisconnectReason.PARTICIPANT_REMOVED);
    expect(reasons).toEqual([DisconnectReason.PARTICIPANT_REMOVED]);
  });

  it('firstParticipantJoined emits one already present at once, else the first to join, then completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const empty = new TestRoom();
      empty.play(cold('--a-b', script));
      expectObservable(firstParticipantJoined(empty).pipe(identity)).toBe('--(a|)', { a: 'alice' });
      const busy = new TestRoom({ participants: [{ identity: 'zed' }] });
      expectObservable(firstParticipantJoined(busy).pipe(identity)).toBe('(z|)', { z: 'zed' });
    });
  });

  it('firstParticipantJoined completes empty if the room disconnects first', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('--x', script));
      expectObservable(firstParticipantJoined(room)).toBe('--|');
    });
  });

  it('waitForParticipant matches identity, kind and attributes, on join or on an attribute change', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('-a-b-r-g', script));
      expectObservable(
        waitForParticipant(room, { attributes: { role: 'agent' } }).pipe(identity),
      ).toBe('-----(b|)', { b: 'bob' });
      expectObservable(
        waitForParticipant(room, { kind: ParticipantKind.AGENT }).pipe(identity),
      ).toBe('-------(g|)', { g: 'agent-1' });
      expectObservable(waitForParticipant(room, { identity: 'alice' }).pipe(identity)).toBe(
        '-(a|)',
        {
          a: 'alice',
        },
      );
      expectObservable(waitForParticipant(room).pipe(identity)).toBe('-(a|)', { a: 'alice' });
    });
  });

  it('waitForParticipant fails with RoomDisconnectedError, with the reason, if the room disconnects first', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('-a--x', script));
      expectObservable(waitForParticipant(room, { identity: 'bob' })).toBe(
        '----#',
        undefined,
        new RoomDisconnectedError({
          source: 'waitForParticipant',
          reason: DisconnectReason.ROOM_DELETED,
        }),
      );
    });
  });

  it('waitForParticipant leaves no listener behind once found', () => {
    const room = new TestRoom();
    waitForParticipant(room, { identity: 'alice' }).subscribe();
    expect(listenerTotal(room)).toBe(3);
    room.join({ identity: 'alice' });
    expect(listenerTotal(room)).toBe(0);
  });
});

describe('data, DTMF and chat', () => {
  it('dataReceived emits every packet with its sender, kind and topic, filtered by topic, kind and sender', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('a-d-e-s-x', script));
      const summary = map(
        (p: DataPacket<TestRoom>) =>
          `${p.participant?.identity ?? 'server'}:${p.topic}:${p.kind}:${text(p.payload)}`,
      );
      expectObservable(dataReceived(room).pipe(summary)).toBe('--a-b-c-|', {
        a: 'alice:chat:1:hi',
        b: 'alice:state:0:pos',
        c: 'server:chat:1:from the server',
      });
      expectObservable(dataReceived(room, { topic: 'chat' }).pipe(summary)).toBe('--a---c-|', {
        a: 'alice:chat:1:hi',
        c: 'server:chat:1:from the server',
      });
      expectObservable(dataReceived(room, { kind: DataPacketKind.KIND_LOSSY }).pipe(summary)).toBe(
        '----b---|',
        { b: 'alice:state:0:pos' },
      );
      expectObservable(dataReceived(room, { from: 'alice', topic: 'chat' }).pipe(summary)).toBe(
        '--a-----|',
        { a: 'alice:chat:1:hi' },
      );
    });
  });

  it('dtmfReceived and chatMessages carry the participant', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('a-t-c-x', script));
      expectObservable(
        dtmfReceived(room).pipe(map((t) => `${t.participant.identity}:${t.code}:${t.digit}`)),
      ).toBe('--a---|', { a: 'alice:1:1' });
      expectObservable(
        chatMessages(room).pipe(map((m) => `${m.participant?.identity}:${m.message.message}`)),
      ).toBe('----a-|', { a: 'alice:hello' });
    });
  });
});

describe('connection event streams', () => {
  it('reconnecting, reconnected and disconnected', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.play(cold('-R-C-R-C-x', script));
      expectObservable(reconnecting(room)).toBe('-v---v---|', { v: undefined });
      expectObservable(reconnected(room)).toBe('---v---v-|', { v: undefined });
      expectObservable(disconnected(room)).toBe('---------(r|)', {
        r: DisconnectReason.ROOM_DELETED,
      });
    });
  });

  it('disconnected reports CLIENT_INITIATED after room.disconnect(), and every listener is gone', () => {
    const room = new TestRoom();
    const reasons: DisconnectReason[] = [];
    let completed = false;
    disconnected(room).subscribe({
      next: (r) => reasons.push(r),
      complete: () => (completed = true),
    });
    void room.disconnect();
    expect(reasons).toEqual([DisconnectReason.CLIENT_INITIATED]);
    expect(completed).toBe(true);
    expect(listenerTotal(room)).toBe(0);
  });
});
