import { EncryptionType } from '@livekit/rtc-node';
import { NotEncryptedError, requireEncrypted } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { listenerTotal } from '../room/helpers';
import { testScheduler } from '../scheduler';

const status: Record<string, TestRoomAction> = {
  t: { type: 'encryption', identity: 'alice', encrypted: true },
  f: { type: 'encryption', identity: 'alice', encrypted: false },
  x: { type: 'disconnect' },
};
const room = () => new TestRoom({ participants: [{ identity: 'alice' }, { identity: 'bob' }] });

describe('requireEncrypted', () => {
  it("'drop' (the default) discards what arrives while the participant is not encrypted, staying subscribed", () => {
    const r = room();
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      r.play(cold('---t-----f-----t', status));
      const frames = hot('-a--b--c--d--e--f-|');
      expectObservable(frames.pipe(requireEncrypted(r, 'alice'))).toBe('----b--c--------f-|');
      expectSubscriptions(frames.subscriptions).toBe('^-----------------!');
    });
    expect(listenerTotal(r)).toBe(0);
  });

  it("'pause' unsubscribes from the input while unencrypted and subscribes again once encrypted", () => {
    const r = room();
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      r.play(cold('---t-----f-----t', status));
      const frames = hot('-a--b--c--d--e--f-|');
      expectObservable(
        frames.pipe(requireEncrypted(r, { identity: 'alice' }, { onUnencrypted: 'pause' })),
      ).toBe('----b--c--------f-|');
      expectSubscriptions(frames.subscriptions).toBe(['---^-----!', '---------------^--!']);
    });
  });

  it("'pause' completes when the room disconnects while paused", () => {
    const r = room();
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      r.play(cold('-t--f--x', status));
      const frames = hot('--a-b-c-d');
      expectObservable(frames.pipe(requireEncrypted(r, 'alice', { onUnencrypted: 'pause' }))).toBe(
        '--a----|',
      );
      expectSubscriptions(frames.subscriptions).toBe('-^--!');
    });
  });

  it("'error' ends with a NotEncryptedError at the first item that arrives unencrypted", () => {
    const r = room();
    testScheduler().run(({ hot, cold, expectObservable }) => {
      r.play(cold('-t---f', status));
      const frames = hot('--a--b-c');
      expectObservable(frames.pipe(requireEncrypted(r, 'alice', { onUnencrypted: 'error' }))).toBe(
        '--a--#',
        undefined,
        new NotEncryptedError({
          operator: 'requireEncrypted',
          participant: 'alice',
          index: 1,
          reason: 'status',
          encryptionType: undefined,
        }),
      );
    });
  });

  it("judges a data packet by its own encryptionType when it has one, else by the participant's status", () => {
    const r = room();
    const packet = (encryptionType: EncryptionType | undefined) => ({
      payload: new Uint8Array([1]),
      encryptionType,
    });
    testScheduler().run(({ hot, cold, expectObservable }) => {
      r.play(cold('----t', status));
      const values = {
        g: packet(EncryptionType.GCM),
        n: packet(EncryptionType.NONE),
        u: packet(undefined),
      };
      const packets = hot('-g-n-u-n-g-u', values);
      // Before t (status false): g passes, n and u do not. After: u passes, n never does.
      expectObservable(packets.pipe(requireEncrypted(r, 'alice'))).toBe('-g---u---g-u', values);
      expectObservable(packets.pipe(requireEncrypted(r, 'alice', { onUnencrypted: 'error' }))).toBe(
        '-g-#',
        values,
        new NotEncryptedError({
          operator: 'requireEncrypted',
          participant: 'alice',
          index: 1,
          reason: 'packet',
          encryptionType: EncryptionType.NONE,
        }),
      );
    });
  });

  it("follows only that participant's status", () => {
    const r = room();
    testScheduler().run(({ hot, cold, expectObservable }) => {
      r.play(cold('-b', { b: { type: 'encryption', identity: 'bob', encrypted: true } }));
      expectObservable(hot('--a-b|').pipe(requireEncrypted(r, 'alice'))).toBe('-----|');
    });
  });

  it('refuses bad arguments at once', () => {
    const r = room();
    expect(() => requireEncrypted(r, 42 as unknown as string)).toThrow(TypeError);
    expect(() =>
      requireEncrypted(r, 'alice', { onUnencrypted: 'ignore' as unknown as 'drop' }),
    ).toThrow(RangeError);
    expect(() => requireEncrypted({} as TestRoom, 'alice')).toThrow(TypeError);
  });
});
