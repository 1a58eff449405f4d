import type { E2eeBackend } from '../native/E2eeBackend';
import { rtcE2eeBackend } from '../native/rtcE2eeBackend';
import type { RoomLike } from '../room/RoomLike';

/**
 * The key under which a room double (`livekit-rx/testing`'s `TestRoom`) offers its own E2EE
 * backend, so the E2EE sources and sinks run on it in virtual time.
 * A registered symbol (`Symbol.for`): the ESM and CJS bundles, and each entry point's chunks,
 * must find the same key.
 * @internal
 */
export const e2eeHooks: unique symbol = Symbol.for('livekit-rx.e2eeHooks');

/** A room's E2EE backend, plus a signal for livekit-rx's own changes (enabled, key indexes). */
export interface RoomE2ee extends E2eeBackend {
  /** Calls `listener` after each change made through this object, until the returned function. */
  onChange(listener: () => void): () => void;
}

const changeListeners = new WeakMap<object, Set<() => void>>();

/**
 * The end-to-end encryption of `room`: its own hooks (a `TestRoom`), else rtc-node's through the
 * FFI; `undefined` when the room was connected without E2EE (or is not connected yet). The
 * change signal is shared by every livekit-rx stream of the room.
 * @internal
 */
export function e2eeOf(room: RoomLike): RoomE2ee | undefined {
  const backend =
    e2eeHooks in room
      ? (room as Partial<Record<typeof e2eeHooks, E2eeBackend | undefined>>)[e2eeHooks]
      : rtcE2eeBackend(room);
  if (backend === undefined) return undefined;
  let listeners = changeListeners.get(room);
  if (listeners === undefined) {
    listeners = new Set();
    changeListeners.set(room, listeners);
  }
  const registered = listeners;
  const changed = (): void => {
    for (const listener of [...registered]) listener();
  };
  return {
    encryptionType: backend.encryptionType,
    sharedKey: backend.sharedKey,
    keyRingSize: backend.keyRingSize,
    setSharedKey: (key, keyIndex) => backend.setSharedKey(key, keyIndex),
    ratchetSharedKey: (keyIndex) => backend.ratchetSharedKey(keyIndex),
    setKey: (identity, key, keyIndex) => backend.setKey(identity, key, keyIndex),
    setEnabled: (enabled) => {
      backend.setEnabled(enabled);
      changed();
    },
    frameCryptors: () => backend.frameCryptors(),
    setCryptorKeyIndex: (identity, trackSid, keyIndex) => {
      backend.setCryptorKeyIndex(identity, trackSid, keyIndex);
      changed();
    },
    onState: (listener) => backend.onState(listener),
    onChange: (listener) => {
      registered.add(listener);
      return () => void registered.delete(listener);
    },
  };
}
