import { EncryptionState, type AudioFrame, type Room } from '@livekit/rtc-node';
import {
  audioFrames,
  concatPcm,
  connect,
  dataReceived,
  encryptionErrors,
  encryptionStatus,
  frameCryptors,
  NotEncryptedError,
  ratchetSharedKey,
  requireEncrypted,
  setSharedKey,
} from 'livekit-rx';
import {
  defer,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  of,
  shareReplay,
  skipWhile,
  take,
  toArray,
} from 'rxjs';
import { dominantFrequency, power, rms } from '../helpers/dominantFrequency';
import { useDevServer } from './helpers';
import { publishTone } from './media';

const rooms = useDevServer();
const key = new TextEncoder().encode('correct horse battery staple');
const shared = { encryption: { keyProviderOptions: { sharedKey: key } } };
const isSound = (frame: AudioFrame): boolean => frame.data.some((s) => s !== 0);

/** `count` 10 ms frames of `identity`'s audio as `room` hears it, from the first with sound. */
function hear(room: Room, identity: string, count: number): Promise<Int16Array> {
  return lastValueFrom(
    audioFrames({ room, participant: identity }).pipe(
      skipWhile((f) => !isSound(f)),
      take(count),
      map((f) => f.data),
      toArray(),
      map((chunks) => concatPcm(chunks)),
    ),
  );
}

/** Resolves once `room`'s encryption status has `identity` encrypted. */
function encrypted(room: Room, identity: string): Promise<ReadonlyMap<string, boolean>> {
  return firstValueFrom(encryptionStatus(room).pipe(filter((s) => s.get(identity) === true)));
}

describe('dev server: end-to-end encryption between real rtc-node clients', () => {
  it('with the same shared key, bob hears alice’s 440 Hz; both are encrypted; the frame cryptors are listed', async () => {
    // alice through livekit-rx's connect and its flat options, bob through rtc-node's own form.
    const alice$ = connect(
      rooms.server.url,
      await rooms.server.createToken('alice', { room: 'e2ee' }),
      {
        encryption: { sharedKey: key },
      },
    ).pipe(shareReplay({ bufferSize: 1, refCount: true }));
    const keep = alice$.subscribe();
    try {
      const alice = await firstValueFrom(alice$);
      const bob = await rooms.join('bob', 'e2ee', {}, shared);
      const aliceTone = await publishTone(alice, 440);
      const bobTone = await publishTone(bob, 660);
      const sound = await hear(bob, 'alice', 100);
      const [bobSeesAlice, aliceSeesBob] = await Promise.all([
        encrypted(bob, 'alice'),
        encrypted(alice, 'bob'),
      ]);
      expect(Math.abs(dominantFrequency(sound.subarray(4800), 48000) - 440)).toBeLessThanOrEqual(2);
      expect(rms(sound.subarray(4800)) / 11585).toBeGreaterThan(0.8);
      // Each side: the other one (reported), and itself (its publications are all encrypted).
      expect(Object.fromEntries(bobSeesAlice)).toEqual({ bob: true, alice: true });
      expect(Object.fromEntries(aliceSeesBob)).toEqual({ alice: true, bob: true });
      const cryptors = await firstValueFrom(
        frameCryptors(bob).pipe(filter((list) => list.length === 2)),
      );
      expect(cryptors).toEqual([
        {
          participantIdentity: 'alice',
          trackSid: aliceTone.publication.sid,
          keyIndex: 0,
          enabled: true,
        },
        {
          participantIdentity: 'bob',
          trackSid: bobTone.publication.sid,
          keyIndex: 0,
          enabled: true,
        },
      ]);
      // Data packets are encrypted too; rtc-node 1.1.0 does not say so per packet in an E2EE room.
      const packet = firstValueFrom(
        dataReceived(bob, { topic: 'secret' }).pipe(requireEncrypted(bob, 'alice')),
      );
      await alice.localParticipant?.publishData(new TextEncoder().encode('hi'), {
        reliable: true,
        topic: 'secret',
      });
      const received = await packet;
      expect([new TextDecoder().decode(received.payload), received.encryptionType]).toEqual([
        'hi',
        undefined,
      ]);
      await Promise.all([aliceTone.stop(), bobTone.stop()]);
    } finally {
      keep.unsubscribe();
    }
  });

  it('with a wrong key, carol gets DECRYPTION_FAILED for alice and no trace of the tone', async () => {
    const alice = await rooms.join('alice', 'wrong-key', {}, shared);
    const tone = await publishTone(alice, 440);
    // failureTolerance 0: report the first failure (the default, -1, never reports one);
    // ratchetWindowSize 0: do not spend a PBKDF2 derivation per step on every frame.
    const carol = await rooms.join(
      'carol',
      'wrong-key',
      {},
      {
        encryption: {
          keyProviderOptions: {
            sharedKey: new TextEncoder().encode('wrong'),
            failureTolerance: 0,
            ratchetWindowSize: 0,
          },
        },
      },
    );
    const failure = firstValueFrom(encryptionErrors(carol));
    const frames = lastValueFrom(
      audioFrames({ room: carol, participant: 'alice' }).pipe(take(100), toArray()),
    );
    const error = await failure;
    expect([error.identity, error.participant?.identity, EncryptionState[error.state]]).toEqual([
      'alice',
      'alice',
      'DECRYPTION_FAILED',
    ]);
    const pcm = concatPcm((await frames).map((f) => f.data));
    await tone.stop();
    // The clear tone (amplitude 16384, rms 11585) would give a 440 Hz power of
    // (samples * 16384 / 2)^2. What carol gets is silence or concealment noise (rms 0 to 950
    // in runs seen): below a thousandth of that power at 440 Hz.
    const tonePower = (pcm.length * 8192) ** 2;
    expect(pcm.length).toBe(48000);
    expect(power(pcm, 48000, 440) / tonePower).toBeLessThan(1e-3);
    expect(rms(pcm) / 11585).toBeLessThan(0.25);
  });

  it('requireEncrypted on an unencrypted participant: error refuses its first frame, pause never opens its audio', async () => {
    const bob = await rooms.join('bob', 'plain-dave', {}, shared);
    const dave = await rooms.join('dave', 'plain-dave'); // no encryption
    const tone = await publishTone(dave, 440);
    const refused = firstValueFrom(
      audioFrames({ room: bob, participant: 'dave' }).pipe(
        requireEncrypted(bob, 'dave', { onUnencrypted: 'error' }),
      ),
    ).catch((err: unknown) => err);
    let opened = 0;
    const paused: AudioFrame[] = [];
    const pause = defer(() => {
      opened += 1;
      return audioFrames({ room: bob, participant: 'dave' });
    })
      .pipe(requireEncrypted(bob, 'dave', { onUnencrypted: 'pause' }))
      .subscribe((frame) => paused.push(frame));
    // Meanwhile dave's audio reaches bob (unencrypted tracks need no key): 50 frames of sound.
    const clear = await hear(bob, 'dave', 50);
    const err = await refused;
    pause.unsubscribe();
    await tone.stop();
    expect(Math.abs(dominantFrequency(clear.subarray(2400), 48000) - 440)).toBeLessThanOrEqual(2);
    expect(err).toBeInstanceOf(NotEncryptedError);
    expect((err as NotEncryptedError).info).toEqual({
      operator: 'requireEncrypted',
      participant: 'dave',
      index: 0,
      reason: 'status',
      encryptionType: undefined,
    });
    expect([opened, paused.length]).toEqual([0, 0]);
  });

  it('a ratchet of the shared key mid-call keeps the audio flowing (the receiver ratchets along)', async () => {
    const alice = await rooms.join('alice', 'ratchet', {}, shared);
    const bob = await rooms.join('bob', 'ratchet', {}, shared);
    const tone = await publishTone(alice, 440);
    const before = await hear(bob, 'alice', 50);
    const ratcheted = await firstValueFrom(of('now').pipe(ratchetSharedKey(alice)));
    expect([ratcheted.keyIndex, ratcheted.key.length]).toEqual([0, 32]);
    // Frames encrypted with the new key from now on; bob derives it within his ratchet window.
    const after = lastValueFrom(
      audioFrames({ room: bob, participant: 'alice' }).pipe(
        skipWhile((f) => !isSound(f)),
        take(150),
        toArray(),
      ),
    );
    const pcm = concatPcm((await after).slice(50).map((f) => f.data));
    await tone.stop();
    expect(Math.abs(dominantFrequency(before.subarray(2400), 48000) - 440)).toBeLessThanOrEqual(2);
    expect(Math.abs(dominantFrequency(pcm, 48000) - 440)).toBeLessThanOrEqual(2);
    expect(rms(pcm) / 11585).toBeGreaterThan(0.8);
  });

  it('a rotation to a new key in slot 1 (bob stages it, alice sends with it) keeps the audio flowing', async () => {
    const alice = await rooms.join('alice', 'rotate', {}, shared);
    const bob = await rooms.join('bob', 'rotate', {}, shared);
    const tone = await publishTone(alice, 440);
    await hear(bob, 'alice', 30);
    const next = new TextEncoder().encode('the next key');
    await firstValueFrom(of(next).pipe(setSharedKey(bob, { keyIndex: 1, useForSending: false })));
    await firstValueFrom(of(next).pipe(setSharedKey(alice, { keyIndex: 1 })));
    const cryptors = await firstValueFrom(frameCryptors(alice));
    // Frames now carry key index 1 in their trailer; bob decrypts them with his slot 1.
    const pcm = (await hear(bob, 'alice', 150)).subarray(50 * 480);
    await tone.stop();
    expect(cryptors).toEqual([
      { participantIdentity: 'alice', trackSid: tone.publication.sid, keyIndex: 1, enabled: true },
    ]);
    expect(Math.abs(dominantFrequency(pcm, 48000) - 440)).toBeLessThanOrEqual(2);
    expect(rms(pcm) / 11585).toBeGreaterThan(0.8);
  });
});
