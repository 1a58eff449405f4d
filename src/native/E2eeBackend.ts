import type { EncryptionState, EncryptionType } from '@livekit/rtc-node';

/** One frame cryptor of the room: the native encryptor or decryptor of one participant's track. */
export interface FrameCryptorState {
  /** Whose track: the local identity for what this participant sends, else the sender's. */
  readonly participantIdentity: string;
  /** The track's sid. */
  readonly trackSid: string;
  /** The key index it encrypts with (meaningful for the local participant's tracks). */
  readonly keyIndex: number;
  /** Whether it encrypts/decrypts (false: frames pass through as they are). */
  readonly enabled: boolean;
}

/**
 * What a room's end-to-end encryption can do, synchronously: rtc-node's FFI requests
 * (`rtcE2eeBackend`) or `livekit-rx/testing`'s double. Callers check keys and indexes first: the
 * native side aborts the process on some of them.
 * @internal
 */
export interface E2eeBackend {
  /** The encryption type the room was connected with. */
  readonly encryptionType: EncryptionType;
  /** Whether the key provider holds a shared key (else per-participant keys). */
  readonly sharedKey: boolean;
  /** How many keys the ring holds: valid key indexes are 0 to `keyRingSize - 1`. */
  readonly keyRingSize: number;
  setSharedKey(key: Uint8Array, keyIndex: number): void;
  /** The ratcheted key, or `undefined` when there was no key at `keyIndex`. */
  ratchetSharedKey(keyIndex: number): Uint8Array | undefined;
  setKey(identity: string, key: Uint8Array, keyIndex: number): void;
  setEnabled(enabled: boolean): void;
  frameCryptors(): FrameCryptorState[];
  setCryptorKeyIndex(identity: string, trackSid: string, keyIndex: number): void;
  /** Calls `listener` on each cryptor state change until the returned function is called. */
  onState(listener: (identity: string, state: EncryptionState) => void): () => void;
}
