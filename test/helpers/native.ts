import { dispose } from '@livekit/rtc-node';
import { EventEmitter } from 'node:events';

/**
 * Registers the per-file shutdown of rtc-node's native runtime. Call once at the top of every
 * test file that uses it: the runtime keeps the process alive until `dispose()`.
 */
export function useNativeRuntime(): void {
  afterAll(async () => {
    await dispose();
  });
}

/**
 * How many listeners rtc-node's FFI client has: every open native audio stream and every pending
 * native request holds one, so a count back to its baseline proves they were released.
 */
export function ffiListenerCount(): number {
  const client = (globalThis as { _ffiClientInstance?: EventEmitter })._ffiClientInstance;
  return client === undefined ? 0 : client.listenerCount('ffi_event');
}
