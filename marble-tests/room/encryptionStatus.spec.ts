import { EncryptionType } from '@livekit/rtc-node';
import { map } from 'rxjs';
import { encryptionStatus } from 'livekit-rx';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';

const gcm = { encryptionType: EncryptionType.GCM };
const script: Record<string, TestRoomAction> = {
  b: { type: 'join', identity: 'bob', tracks: [{ name: 'mic', ...gcm }] },
  e: { type: 'encryption', identity: 'alice', encrypted: true },
  E: { type: 'encryption', identity: 'alice', encrypted: true },
  l: { type: 'leave', identity: 'bob' },
  x: { type: 'disconnect' },
};
const flat = map((status: ReadonlyMap<string, boolean>) =>
  [...status].map(([id, on]) => `${id}:${on ? 'E' : '-'}`).join(','),
);

describe('encryptionStatus', () => {
  it('seeds from publications, follows status reports, joins and leaves, and completes on disconnect', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({
        participants: [{ identity: 'alice', tracks: [{ name: 'mic' }] }],
      });
      room.play(cold('-b----e-E-l-----x', script));
      // b: bob joins (nothing published yet), then publishes his encrypted mic.
      expectObservable(encryptionStatus(room).pipe(flat)).toBe('0(ja)-b---(uc)--|', {
        0: 'local:-,alice:-',
        j: 'local:-,alice:-,bob:-',
        a: 'local:-,alice:-,bob:E',
        b: 'local:-,alice:E,bob:E',
        u: 'local:-,alice:E,bob:-', // l: bob's track is unpublished, then he leaves
        c: 'local:-,alice:E',
      });
    });
  });
});
