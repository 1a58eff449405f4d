import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link TopicInUseError}. */
export interface TopicInUseErrorInfo {
  /** The stream that needed the topic, e.g. `transcriptions`, `textStreams`, `byteStreams`. */
  readonly source: string;
  /** The data-stream topic. */
  readonly topic: string;
  /** Text or byte streams. */
  readonly streamKind: 'text' | 'byte';
}

/**
 * rtc-node allows one handler per data-stream topic, and something outside livekit-rx already
 * registered one for this topic (`room.registerTextStreamHandler` or
 * `room.registerByteStreamHandler`). livekit-rx shares one handler per room and topic among all
 * its own subscribers (`textStreams`, `byteStreams`, `transcriptions`, `chatMessages`), but it
 * cannot share a handler it did not register: unregister yours, or consume the topic through
 * livekit-rx only.
 *
 * ```text
 * transcriptions(room):  #     (# = TopicInUseError: 'lk.transcription' already has a handler)
 * ```
 *
 * @example
 * ```ts
 * import { transcriptions, TopicInUseError } from 'livekit-rx';
 * transcriptions(room).subscribe({
 *   error: (err) => err instanceof TopicInUseError && console.error(err.message),
 * });
 * ```
 */
export class TopicInUseError extends LiveKitRxError<TopicInUseErrorInfo> {
  /**
   * @param info - Which stream, topic and kind.
   * @param cause - rtc-node's error.
   */
  constructor(info: TopicInUseErrorInfo, cause: unknown) {
    super(
      `${info.source}: another handler is registered for ${info.streamKind} streams on topic ` +
        `"${info.topic}" (rtc-node allows one per topic). Unregister it, or consume the topic ` +
        `through livekit-rx only, which shares one handler among all its subscribers.`,
      info,
      { cause },
    );
  }
}
