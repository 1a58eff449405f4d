import { Observable } from 'rxjs';

/**
 * Reads one of rtc-node's push-only native streams (`AudioStream`, `VideoStream`) through its
 * reader, never rxjs `from()` (which would not cancel it): opened on subscribe, each chunk
 * emitted as it is read, complete when the stream ends. Unsubscribing cancels the reader, which
 * releases the native handle at once. A failure to open or read becomes `fail(cause, read)`.
 */
export function readNativeStream<T>(
  open: () => ReadableStream<T>,
  fail: (cause: unknown, read: number) => Error,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    let read = 0;
    let active = true;
    let reader: ReadableStreamDefaultReader<T>;
    try {
      reader = open().getReader();
    } catch (cause) {
      subscriber.error(fail(cause, read));
      return;
    }
    void (async () => {
      try {
        for (;;) {
          const result = await reader.read();
          if (!active) return;
          if (result.done) return subscriber.complete();
          read++;
          subscriber.next(result.value);
        }
      } catch (cause) {
        if (active) subscriber.error(fail(cause, read));
      }
    })();
    return () => {
      active = false;
      reader.cancel().catch(() => undefined);
    };
  });
}
