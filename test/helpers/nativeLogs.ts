import type { EventEmitter } from 'node:events';

/** One log record of rtc-node's native core (livekit-ffi forwards them as FFI events). */
export interface NativeLogRecord {
  readonly target: string;
  readonly message: string;
}

/** The native log records seen since {@link recordNativeLogs} was called. */
export interface NativeLogs {
  readonly records: readonly NativeLogRecord[];
  /** Resolves once `check(records)` holds (checked now and on each new batch of records). */
  until(check: (records: readonly NativeLogRecord[]) => boolean): Promise<void>;
  /** Removes the FFI listener (it counts in `ffiListenerCount()`). */
  stop(): void;
}

/**
 * Records the native core's log messages from now on. rtc-node starts its FFI client with
 * `captureLogs: true`, so every Rust log record (down to debug) arrives as a `logs` FFI event,
 * which rtc-node itself ignores. Call once the runtime has started (after a `connect()`).
 */
export function recordNativeLogs(): NativeLogs {
  const client = (globalThis as { _ffiClientInstance?: EventEmitter })._ffiClientInstance;
  if (client === undefined) throw new Error('recordNativeLogs: the native runtime has not started');
  const records: NativeLogRecord[] = [];
  const waiting = new Set<() => void>();
  const listener = (event: {
    message: { case?: string; value?: { records?: NativeLogRecord[] } };
  }) => {
    if (event.message.case !== 'logs') return;
    for (const r of event.message.value?.records ?? []) {
      records.push({ target: r.target, message: r.message });
    }
    for (const wake of [...waiting]) wake();
  };
  client.on('ffi_event', listener);
  return {
    records,
    until: (check) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          if (!check(records)) return;
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
        wake();
      }),
    stop: () => {
      client.off('ffi_event', listener);
      waiting.clear();
    },
  };
}
