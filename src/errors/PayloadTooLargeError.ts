import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link PayloadTooLargeError}. */
export interface PayloadTooLargeErrorInfo {
  /** The sink that refused it: `'publishData'` or `'sendChatMessage'`. */
  readonly sink: string;
  /** Zero-based index of the item in the sink's input (0 for a one-shot send). */
  readonly index: number;
  /** The payload's size in bytes (UTF-8 for text). */
  readonly byteLength: number;
  /** The limit it exceeds, in bytes. */
  readonly limit: number;
  /** Whether it was to go as a reliable packet. */
  readonly reliable: boolean;
  /** The packet's topic. */
  readonly topic: string | undefined;
}

/**
 * A payload is larger than a LiveKit data packet may carry: 15 KiB (15,360 bytes), reliable or
 * lossy (the protocol's 16 KiB per packet, less LiveKit's routing headers), or the
 * `maxPayloadBytes` you set. Raised before anything is sent, instead of a packet the server drops
 * or a native failure. Send large payloads as a byte or text stream, or split them.
 *
 * ```text
 * payloads:      --a--B--      (B: 20,000 bytes)
 * publishData:   --a--#        (# = PayloadTooLargeError, info.index = 1)
 * ```
 *
 * @example
 * ```ts
 * import { publishData, PayloadTooLargeError } from 'livekit-rx';
 * payload$.pipe(publishData(room, { topic: 'state' })).subscribe({
 *   error: (err) => err instanceof PayloadTooLargeError && console.error(err.info.byteLength),
 * });
 * ```
 */
export class PayloadTooLargeError extends LiveKitRxError<PayloadTooLargeErrorInfo> {
  /** @param info - Which sink, item, size, limit and kind of packet. */
  constructor(info: PayloadTooLargeErrorInfo) {
    const kind = info.reliable ? 'reliable' : 'lossy';
    super(
      `${info.sink}: item ${info.index} is ${info.byteLength} bytes, over the ${info.limit}-byte ` +
        `limit of a ${kind} data packet${info.topic === undefined ? '' : ` (topic "${info.topic}")`}; ` +
        `nothing was sent. Split it, or send it as a text or byte stream (streamText, ` +
        `streamBytes), which have no such limit.`,
      info,
    );
  }
}
