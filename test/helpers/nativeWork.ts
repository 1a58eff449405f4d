import { AudioSource, LocalAudioTrack, type Room } from '@livekit/rtc-node';
import { collectGarbage } from './collectGarbage';
import { ffiListenerCount } from './native';

/** Every listener on the room, by event. */
export function roomListeners(room: NodeJS.EventEmitter | Room): Record<string, number> {
  const emitter = room as unknown as NodeJS.EventEmitter;
  return Object.fromEntries(emitter.eventNames().map((e) => [String(e), emitter.listenerCount(e)]));
}

/** The process's active libuv resources (timers, sockets, ...), counted by kind. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * What a resource test compares before and after its cycles, measured after a full garbage
 * collection: heap and RSS, rtc-node's FFI listeners, the room's listeners, libuv resources.
 */
export function resourceSnapshot(room: NodeJS.EventEmitter | Room) {
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return {
    heap: heapUsed,
    rss,
    ffi: ffiListenerCount(),
    listeners: roomListeners(room),
    resources: activeResources(),
  };
}

/**
 * What the cycles start and do not wait for (the sink's teardown is synchronous; rtc-node's
 * unpublish and the capture in flight settle later), recorded to be awaited rather than slept
 * on, and every AudioSource made.
 */
export function recordNativeWork(room: {
  readonly localParticipant?:
    { unpublishTrack(sid: string, stop?: boolean): Promise<void> } | undefined;
}) {
  const pending: Promise<unknown>[] = [];
  const sources: AudioSource[] = [];
  const local = room.localParticipant!;
  const unpublish = local.unpublishTrack.bind(local);
  const capture = AudioSource.prototype.captureFrame;
  const create = LocalAudioTrack.createAudioTrack.bind(LocalAudioTrack);
  const spies = [
    jest.spyOn(local, 'unpublishTrack').mockImplementation((sid, stop) => {
      const done = unpublish(sid, stop);
      pending.push(done);
      return done;
    }),
    jest.spyOn(AudioSource.prototype, 'captureFrame').mockImplementation(function (
      this: AudioSource,
      f,
    ) {
      const done = capture.call(this, f);
      pending.push(done);
      return done;
    }),
    jest.spyOn(LocalAudioTrack, 'createAudioTrack').mockImplementation((name, source) => {
      sources.push(source);
      return create(name, source);
    }),
  ];
  return {
    sources,
    settle: async () => {
      await Promise.allSettled(pending.splice(0));
      spies.forEach((spy) => spy.mockClear()); // jest keeps every call's arguments otherwise
    },
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
