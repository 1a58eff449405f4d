import { EncryptionState, EncryptionType } from '@livekit/rtc-node';
import { hkdfSync, pbkdf2Sync } from 'node:crypto';
import type { E2eeBackend, FrameCryptorState } from '../native/E2eeBackend';
import type { TestParticipant } from './TestParticipant';

/**
 * A `TestRoom`'s end-to-end encryption, as `connect`'s `encryption` option sets it up on a real
 * room (`new TestRoom({ encryption: { sharedKey } })`).
 */
export interface TestRoomEncryption {
  /** The shared key (key index 0); without one, keys are per participant (`setKey`). */
  readonly sharedKey?: Uint8Array;
  /** Default `EncryptionType.GCM`: the local participant's publications get it. */
  readonly encryptionType?: EncryptionType;
  /** Default 16, from 1 to 255. */
  readonly keyRingSize?: number;
  /** Default `'LKFrameEncryptionKey'` (the ratchet derives with it). */
  readonly ratchetSalt?: Uint8Array;
  /** 0 = PBKDF2 (default), 1 = HKDF: how a ratchet derives the next key. */
  readonly keyDerivationFunction?: 0 | 1;
}

/** The room as the double reads it. */
interface Host {
  readonly localParticipant: TestParticipant;
  readonly remoteParticipants: ReadonlyMap<string, TestParticipant>;
}

const DEFAULT_SALT = new TextEncoder().encode('LKFrameEncryptionKey');

/**
 * The E2EE backend of a `TestRoom`: a key ring per participant (and a shared one), ratchets that
 * derive exactly as the native side does (PBKDF2-HMAC-SHA256, 100,000 iterations, 32 bytes, or
 * HKDF-SHA256), frame cryptors for the encrypted tracks the local participant publishes and
 * subscribes to, and cryptor states the test script reports. Like the native side it ignores a
 * shared key on a per-participant room; unlike it, it throws on an index outside the ring (the
 * native side aborts the process). Internal to `livekit-rx/testing`.
 */
export class TestE2ee implements E2eeBackend {
  readonly encryptionType: EncryptionType;
  readonly sharedKey: boolean;
  readonly keyRingSize: number;
  private readonly salt: Uint8Array;
  private readonly hkdf: boolean;
  private readonly shared: Array<Uint8Array | undefined>;
  private readonly own = new Map<string, Array<Uint8Array | undefined>>();
  private readonly cryptorKeyIndexes = new Map<string, number>();
  private readonly stateListeners = new Set<(identity: string, state: EncryptionState) => void>();
  private enabled = true;

  /**
   * @param host - The room whose tracks get cryptors.
   * @param options - The room's encryption options.
   */
  constructor(
    private readonly host: Host,
    options: TestRoomEncryption,
  ) {
    const size = options.keyRingSize ?? 16;
    if (!Number.isInteger(size) || size < 1 || size > 255) {
      throw new RangeError(`TestRoom: keyRingSize must be an integer from 1 to 255, got ${size}`);
    }
    this.keyRingSize = size;
    this.encryptionType = options.encryptionType ?? EncryptionType.GCM;
    this.sharedKey = options.sharedKey !== undefined;
    this.salt = options.ratchetSalt ?? DEFAULT_SALT;
    this.hkdf = options.keyDerivationFunction === 1;
    this.shared = new Array<Uint8Array | undefined>(size).fill(undefined);
    if (options.sharedKey !== undefined) this.shared[0] = options.sharedKey.slice();
  }

  setSharedKey(key: Uint8Array, keyIndex: number): void {
    this.checkIndex(keyIndex);
    if (!this.sharedKey) return; // the native side ignores it too
    this.shared[keyIndex] = key.slice();
    for (const ring of this.own.values()) ring[keyIndex] = key.slice();
  }

  ratchetSharedKey(keyIndex: number): Uint8Array | undefined {
    this.checkIndex(keyIndex);
    const current = this.shared[keyIndex];
    if (!this.sharedKey || current === undefined) return undefined;
    const next = this.derive(current);
    this.shared[keyIndex] = next;
    for (const ring of this.own.values()) ring[keyIndex] = next.slice();
    return next.slice();
  }

  setKey(identity: string, key: Uint8Array, keyIndex: number): void {
    this.checkIndex(keyIndex);
    let ring = this.own.get(identity);
    if (ring === undefined) {
      ring = this.sharedKey ? [...this.shared] : new Array<undefined>(this.keyRingSize);
      this.own.set(identity, ring);
    }
    ring[keyIndex] = key.slice();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  frameCryptors(): FrameCryptorState[] {
    const cryptors: FrameCryptorState[] = [];
    const add = (identity: string, trackSid: string): void => {
      cryptors.push({
        participantIdentity: identity,
        trackSid,
        keyIndex: this.cryptorKeyIndexes.get(`${identity}/${trackSid}`) ?? 0,
        enabled: this.enabled,
      });
    };
    const local = this.host.localParticipant;
    for (const publication of local.trackPublications.values()) {
      if (publication.encryptionType !== EncryptionType.NONE) add(local.identity, publication.sid);
    }
    for (const remote of this.host.remoteParticipants.values()) {
      for (const publication of remote.trackPublications.values()) {
        if (publication.track !== undefined && publication.encryptionType !== EncryptionType.NONE) {
          add(remote.identity, publication.sid);
        }
      }
    }
    return cryptors;
  }

  setCryptorKeyIndex(identity: string, trackSid: string, keyIndex: number): void {
    if (
      this.frameCryptors().some(
        (c) => c.participantIdentity === identity && c.trackSid === trackSid,
      )
    ) {
      this.cryptorKeyIndexes.set(`${identity}/${trackSid}`, keyIndex);
    }
  }

  onState(listener: (identity: string, state: EncryptionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  }

  /** Reports a cryptor state change to the listeners (the script's `encryption-state`). */
  reportState(identity: string, state: EncryptionState): void {
    for (const listener of [...this.stateListeners]) listener(identity, state);
  }

  /** The key at `keyIndex` that `identity`'s media is encrypted with, or the shared one. */
  exportKey(identity: string | undefined, keyIndex: number): Uint8Array | undefined {
    this.checkIndex(keyIndex);
    const ring = identity === undefined ? this.shared : (this.own.get(identity) ?? this.shared);
    if (ring === this.shared && !this.sharedKey) return undefined;
    return ring[keyIndex]?.slice();
  }

  private derive(material: Uint8Array): Uint8Array {
    return this.hkdf
      ? new Uint8Array(hkdfSync('sha256', material, this.salt, new Uint8Array(128), 32))
      : new Uint8Array(pbkdf2Sync(material, this.salt, 100_000, 32, 'sha256'));
  }

  private checkIndex(keyIndex: number): void {
    if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex >= this.keyRingSize) {
      throw new RangeError(
        `TestRoom: key index ${keyIndex} is outside the key ring (0 to ${this.keyRingSize - 1}); ` +
          `the native side would abort the process`,
      );
    }
  }
}
