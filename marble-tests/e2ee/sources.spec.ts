import { DataPacketKind, EncryptionState, EncryptionType } from '@livekit/rtc-node';
import { map, merge } from 'rxjs';
import {
  dataReceived,
  encryptionErrors,
  encryptionStatus,
  frameCryptors,
  roomEvent,
  type EncryptionErrorEvent,
} from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { listenerTotal } from '../room/helpers';
import { testScheduler } from '../scheduler';

const gcm = { encryptionType: EncryptionType.GCM };
const state = (identity: string, s: EncryptionState): TestRoomAction => ({
  type: 'encryption-state',
  identity,
  state: s,
});

describe('encryptionErrors', () => {
  it('emits the failing cryptor states with their participant, not OK or KEY_RATCHETED, and completes on disconnect', () => {
    const room = new TestRoom({
      encryption: { sharedKey: new Uint8Array([1]) },
      participants: [{ identity: 'alice', tracks: [{ name: 'mic', ...gcm }] }],
    });
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(
        cold('-o-d-r-m-l-i-x', {
          o: state('alice', EncryptionState.OK),
          d: state('alice', EncryptionState.DECRYPTION_FAILED),
          r: state('alice', EncryptionState.KEY_RATCHETED),
          m: state('alice', EncryptionState.MISSING_KEY),
          l: state('local', EncryptionState.ENCRYPTION_FAILED),
          i: state('alice', EncryptionState.INTERNAL_ERROR),
          x: { type: 'disconnect' },
        }),
      );
      const simple = map((e: EncryptionErrorEvent<TestRoom>) => ({
        identity: e.identity,
        participant: e.participant?.identity,
        state: EncryptionState[e.state],
      }));
      expectObservable(encryptionErrors(room).pipe(simple)).toBe('---d---m-l-i-|', {
        d: { identity: 'alice', participant: 'alice', state: 'DECRYPTION_FAILED' },
        m: { identity: 'alice', participant: 'alice', state: 'MISSING_KEY' },
        l: { identity: 'local', participant: 'local', state: 'ENCRYPTION_FAILED' },
        i: { identity: 'alice', participant: 'alice', state: 'INTERNAL_ERROR' },
      });
      // As rtc-node does, INTERNAL_ERROR also comes as the room's EncryptionError event.
      expectObservable(roomEvent(room, 'encryptionError').pipe(map(([e]) => e.message))).toBe(
        '-----------i-|',
        { i: 'internal server error' },
      );
    });
    expect(listenerTotal(room)).toBe(0);
  });

  it('emits nothing on a room without encryption; the script refuses states there', () => {
    const room = new TestRoom();
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('--x', { x: { type: 'disconnect' } }));
      expectObservable(encryptionErrors(room)).toBe('--|');
      expectObservable(frameCryptors(room)).toBe('a-|', { a: [] });
    });
    const other = new TestRoom();
    expect(() => other.setEncryptionState('local', EncryptionState.OK)).toThrow(
      'the room has no encryption option',
    );
  });
});

describe('frameCryptors', () => {
  it('lists a cryptor per encrypted track sent or subscribed, follows subscriptions and unpublications', () => {
    const room = new TestRoom({ encryption: { sharedKey: new Uint8Array([1]) } });
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(
        cold('-j-u-s-p', {
          j: {
            type: 'join',
            identity: 'bob',
            tracks: [
              { sid: 'TR_b', name: 'mic', ...gcm },
              { sid: 'TR_c', name: 'plain' },
            ],
          },
          u: { type: 'unsubscribe', identity: 'bob', trackSid: 'TR_b' },
          s: { type: 'subscribe', identity: 'bob', trackSid: 'TR_b' },
          p: { type: 'unpublish', identity: 'bob', trackSid: 'TR_b' },
        }),
      );
      const ids = map((list: readonly { participantIdentity: string; trackSid: string }[]) =>
        list.map((c) => `${c.participantIdentity}/${c.trackSid}`).join(','),
      );
      expectObservable(frameCryptors(room).pipe(ids)).toBe('0a-0-a-0', { 0: '', a: 'bob/TR_b' });
    });
  });
});

describe('TestRoom encryption status, in rtc-node order', () => {
  it('derives remote status from publications before TrackPublished/TrackUnpublished, and from data before DataReceived (unencrypted data sticks)', () => {
    const room = new TestRoom({ encryption: { sharedKey: new Uint8Array([1]) } });
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(
        cold('-j-p----d-D----e-u', {
          j: { type: 'join', identity: 'bob' },
          p: { type: 'publish', identity: 'bob', track: { sid: 'TR_b', name: 'mic', ...gcm } },
          d: { type: 'data', from: 'bob', payload: 'secret' },
          D: { type: 'data', from: 'bob', payload: 'clear', encryptionType: EncryptionType.NONE },
          e: { type: 'data', from: 'bob', payload: 'secret again' },
          u: { type: 'unpublish', identity: 'bob', trackSid: 'TR_b' },
        }),
      );
      const events = merge(
        roomEvent(room, 'participantEncryptionStatusChanged').pipe(map(([on]) => (on ? 'E' : 'C'))),
        roomEvent(room, 'trackPublished').pipe(map(() => 'P')),
        roomEvent(room, 'trackUnpublished').pipe(map(() => 'U')),
        dataReceived(room).pipe(map((p) => (p.encryptionType === EncryptionType.NONE ? 'n' : 'g'))),
      );
      // p: encrypted before published; d: data encrypted, status stays; D: unencrypted data turns
      // it off before the packet; e: encrypted data does not turn it back on; u: no change.
      expectObservable(events).toBe('---(EP)-g-(Cn)-g-U', {
        E: 'E',
        P: 'P',
        g: 'g',
        C: 'C',
        n: 'n',
        U: 'U',
      });
      expectObservable(
        encryptionStatus(room).pipe(
          map((s) => (s.get('bob') === undefined ? '-' : s.get('bob') ? 'E' : 'C')),
        ),
      ).toBe('0a-b------c', { 0: '-', a: 'C', b: 'E', c: 'C' });
    });
  });

  it('encryptionStatus has the local participant encrypted once it publishes in an encrypted room', () => {
    const room = new TestRoom({ encryption: { sharedKey: new Uint8Array([1]) } });
    testScheduler().run(({ hot, expectObservable }) => {
      hot('--p').subscribe(() => void room.localParticipant.publishTrack({ name: 'mic' }));
      expectObservable(encryptionStatus(room).pipe(map((s) => s.get('local')))).toBe('f-t', {
        f: false,
        t: true,
      });
    });
  });

  it('encrypts its local publications with the room encryption type; a plain room drops encrypted packets, as rtc-node does', () => {
    const encrypted = new TestRoom({ encryption: { sharedKey: new Uint8Array([1]) } });
    const plain = new TestRoom({ participants: [{ identity: 'bob' }] });
    testScheduler().run(({ cold, expectObservable }) => {
      const packets = cold('-a-b', {
        a: { type: 'data', from: 'bob', payload: 'x', encryptionType: EncryptionType.GCM },
        b: { type: 'data', from: 'bob', payload: 'y', kind: DataPacketKind.KIND_LOSSY },
      } as Record<string, TestRoomAction>);
      plain.play(packets);
      expectObservable(dataReceived(plain).pipe(map((p) => p.encryptionType))).toBe('---n', {
        n: EncryptionType.NONE,
      });
      expectObservable(
        dataReceived(plain, { encryptionType: EncryptionType.GCM }).pipe(map((p) => p.topic)),
      ).toBe('----');
    });
    return encrypted.localParticipant.publishTrack({ name: 'mic' }).then((publication) => {
      expect(publication.encryptionType).toBe(EncryptionType.GCM);
    });
  });
});
