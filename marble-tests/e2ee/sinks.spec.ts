import { ConnectionState, TrackKind } from '@livekit/rtc-node';
import { pbkdf2Sync } from 'node:crypto';
import { map, type Observable } from 'rxjs';
import {
  EncryptionKeyError,
  EncryptionNotEnabledError,
  frameCryptors,
  ratchetSharedKey,
  RoomNotConnectedError,
  setEncryptionEnabled,
  setKey,
  setSharedKey,
  type FrameCryptorState,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from '../room/helpers';
import { testScheduler } from '../scheduler';

const bytes = (text: string) => new TextEncoder().encode(text);
const flat = map((cryptors: readonly FrameCryptorState[]) =>
  cryptors
    .map((c) => `${c.participantIdentity}/${c.trackSid}/${c.keyIndex}${c.enabled ? '' : '-off'}`)
    .join(','),
);
const encrypted = () => new TestRoom({ encryption: { sharedKey: bytes('k0') } });
/** The error of a stream that fails, as `info` (the class checked too). */
function keyError(info: Partial<Record<keyof EncryptionKeyError['info'], unknown>>) {
  return expect.objectContaining({
    name: 'EncryptionKeyError',
    info: expect.objectContaining(info),
  });
}

describe('setSharedKey', () => {
  it('puts each key in its ring slot, emits what it applied, and makes the local tracks send with it, also those published later', () => {
    const room = encrypted();
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      void room.localParticipant.publishTrack({ name: 'mic' });
      const keys = hot('--a---b--|', { a: bytes('k1'), b: bytes('k2') });
      hot('----p').subscribe(() =>
        room.localParticipant.publishTrack({ name: 'cam', kind: TrackKind.KIND_VIDEO }),
      );
      expectObservable(keys.pipe(setSharedKey(room, { keyIndex: (_, i) => i + 1 }))).toBe(
        '--a---b--|',
        { a: { keyIndex: 1, index: 0 }, b: { keyIndex: 2, index: 1 } },
      );
      expectSubscriptions(keys.subscriptions).toBe('^--------!');
      // The sink subscribed first: the new track is at slot 1 before frameCryptors re-reads.
      expectObservable(frameCryptors(room).pipe(flat)).toBe('0-1-2-(34)', {
        0: 'local/TR_1/0',
        1: 'local/TR_1/1',
        2: 'local/TR_1/1,local/TR_2/1',
        3: 'local/TR_1/2,local/TR_2/1',
        4: 'local/TR_1/2,local/TR_2/2',
      });
    });
    expect([room.exportSharedKey(0), room.exportSharedKey(1), room.exportSharedKey(2)]).toEqual([
      bytes('k0'),
      bytes('k1'),
      bytes('k2'),
    ]);
  });

  it('with useForSending false stages a key without touching what is sent', () => {
    const room = encrypted();
    testScheduler().run(({ cold, expectObservable }) => {
      void room.localParticipant.publishTrack({ name: 'mic' });
      const keys = cold('-a|', { a: bytes('next') });
      expectObservable(keys.pipe(setSharedKey(room, { keyIndex: 5, useForSending: false }))).toBe(
        '-a|',
        { a: { keyIndex: 5, index: 0 } },
      );
      expectObservable(frameCryptors(room).pipe(flat)).toBe('0', { 0: 'local/TR_1/0' });
    });
    expect(room.exportSharedKey(5)).toEqual(bytes('next'));
  });

  it.each([
    [
      'a string',
      'passphrase',
      { problem: 'key-type', field: 'key', actual: 'a string (10 characters)' },
    ],
    ['an empty key', new Uint8Array(0), { problem: 'key-empty', actual: '0 bytes' }],
    ['an ArrayBuffer', new ArrayBuffer(4), { problem: 'key-type', actual: 'an ArrayBuffer' }],
  ])(
    'refuses %s with an EncryptionKeyError naming the item; the keys before stay applied',
    (_, bad, info) => {
      const room = encrypted();
      testScheduler().run(({ cold, expectObservable }) => {
        const keys = cold('-a-b-c', { a: bytes('k1'), b: bad as Uint8Array, c: bytes('k3') });
        expectObservable(keys.pipe(setSharedKey(room, { keyIndex: (_, i) => i + 1 }))).toBe(
          '-a-#',
          { a: { keyIndex: 1, index: 0 } },
          keyError({ operation: 'setSharedKey', index: 1, ...info }),
        );
      });
      expect([room.exportSharedKey(1), room.exportSharedKey(2)]).toEqual([bytes('k1'), undefined]);
    },
  );

  it('refuses a key index outside the ring: a fixed one at subscription, a computed one at its item', () => {
    const room = new TestRoom({ encryption: { sharedKey: bytes('k0'), keyRingSize: 4 } });
    testScheduler().run(({ cold, expectObservable }) => {
      const keys = cold('-a-b', { a: bytes('k1'), b: bytes('k2') });
      expectObservable(keys.pipe(setSharedKey(room, { keyIndex: 4 }))).toBe(
        '#',
        undefined,
        keyError({
          problem: 'key-index',
          index: undefined,
          actual: '4',
          expected: 'an integer from 0 to 3 (the key ring holds 4 keys)',
        }),
      );
      expectObservable(keys.pipe(setSharedKey(room, { keyIndex: (_, i) => i * 4 }))).toBe(
        '-a-#',
        { a: { keyIndex: 0, index: 0 } },
        keyError({ problem: 'key-index', index: 1, actual: '4' }),
      );
      expectObservable(keys.pipe(setSharedKey(room, { keyIndex: -1 }))).toBe(
        '#',
        undefined,
        keyError({ problem: 'key-index', actual: '-1' }),
      );
    });
  });

  it('fails at subscription on a room without encryption, with per-participant keys, or disconnected', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const keys = cold('-a', { a: bytes('k') });
      expectObservable(keys.pipe(setSharedKey(new TestRoom()))).toBe(
        '#',
        undefined,
        new EncryptionNotEnabledError({ operation: 'setSharedKey', reason: 'no-encryption' }),
      );
      const perParticipant = new TestRoom({ encryption: {} });
      expectObservable(keys.pipe(setSharedKey(perParticipant))).toBe(
        '#',
        undefined,
        new EncryptionNotEnabledError({ operation: 'setSharedKey', reason: 'no-shared-key' }),
      );
      const gone = encrypted();
      void gone.disconnect();
      expectObservable(keys.pipe(setSharedKey(gone))).toBe(
        '#',
        undefined,
        new RoomNotConnectedError({
          source: 'setSharedKey',
          connectionState: ConnectionState.CONN_DISCONNECTED,
        }),
      );
    });
    expect(() => setSharedKey({} as TestRoom)).toThrow(TypeError);
  });

  it('completes when the room disconnects and removes its listeners', () => {
    const room = encrypted();
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const keys = hot('-a-----', { a: bytes('k1') });
      room.play(cold('---x', { x: { type: 'disconnect' } }));
      expectObservable(keys.pipe(setSharedKey(room))).toBe('-a-|', {
        a: { keyIndex: 0, index: 0 },
      });
      expectSubscriptions(keys.subscriptions).toBe('^--!');
    });
    expect(listenerTotal(room)).toBe(0);
  });
});

describe('ratchetSharedKey', () => {
  it('ratchets the slot once per trigger as the native side derives (PBKDF2-SHA256, 100k rounds) and emits the new key', () => {
    const salt = bytes('LKFrameEncryptionKey');
    const once = new Uint8Array(pbkdf2Sync(bytes('k0'), salt, 100_000, 32, 'sha256'));
    const twice = new Uint8Array(pbkdf2Sync(once, salt, 100_000, 32, 'sha256'));
    const room = encrypted();
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-t--t|').pipe(ratchetSharedKey(room))).toBe('-a--b|', {
        a: { keyIndex: 0, key: once, index: 0 },
        b: { keyIndex: 0, key: twice, index: 1 },
      });
    });
    expect(room.exportSharedKey(0)).toEqual(twice);
  });

  it('refuses an empty slot at the trigger and an index outside the ring at subscription', () => {
    const room = encrypted();
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-t').pipe(ratchetSharedKey(room, { keyIndex: 3 }))).toBe(
        '-#',
        undefined,
        keyError({ operation: 'ratchetSharedKey', problem: 'no-key', index: 0 }),
      );
      expectObservable(cold('-t').pipe(ratchetSharedKey(room, { keyIndex: 16 }))).toBe(
        '#',
        undefined,
        keyError({ problem: 'key-index', actual: '16' }),
      );
    });
  });
});

describe('setKey', () => {
  it('sets per-participant keys, the local one also for sending; an unknown identity is refused', () => {
    const room = new TestRoom({
      encryption: {},
      participants: [{ identity: 'alice', tracks: [{ name: 'mic', encryptionType: 1 }] }],
    });
    testScheduler().run(({ cold, expectObservable }) => {
      void room.localParticipant.publishTrack({ name: 'mic' });
      const keys = cold('-a-b-c', {
        a: { identity: 'alice', key: bytes('ka') },
        b: { identity: 'local', key: bytes('kl'), keyIndex: 2 },
        c: { identity: 'mallory', key: bytes('km') },
      });
      expectObservable(keys.pipe(setKey(room))).toBe(
        '-a-b-#',
        {
          a: { identity: 'alice', keyIndex: 0, index: 0 },
          b: { identity: 'local', keyIndex: 2, index: 1 },
        },
        keyError({
          operation: 'setKey',
          problem: 'unknown-participant',
          index: 2,
          field: 'identity',
          actual: '"mallory"',
          expected: 'the identity of a participant in the room (present: local, alice)',
        }),
      );
      expectObservable(frameCryptors(room).pipe(flat)).toBe('0--1', {
        0: 'alice/TR_1/0,local/TR_2/0',
        1: 'alice/TR_1/0,local/TR_2/2',
      });
    });
    expect([room.exportKey('alice'), room.exportKey('local', 2)]).toEqual([
      bytes('ka'),
      bytes('kl'),
    ]);
  });
});

describe('setEncryptionEnabled', () => {
  it('switches every frame cryptor and emits each applied state; a non-boolean is refused', () => {
    const room = encrypted();
    testScheduler().run(({ cold, expectObservable }) => {
      void room.localParticipant.publishTrack({ name: 'mic' });
      const wanted = cold('-f-t-x', { f: false, t: true, x: 'yes' as unknown as boolean });
      expectObservable(wanted.pipe(setEncryptionEnabled(room))).toBe(
        '-f-t-#',
        { f: false, t: true },
        keyError({ operation: 'setEncryptionEnabled', problem: 'option', field: 'enabled' }),
      );
      expectObservable(frameCryptors(room).pipe(flat) as Observable<string>).toBe('0a-b', {
        0: 'local/TR_1/0',
        a: 'local/TR_1/0-off',
        b: 'local/TR_1/0',
      });
    });
  });
});
