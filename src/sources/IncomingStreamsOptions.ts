import type { DroppedFramesObserver } from '../internal/boundedDelivery';
import type { OverflowPolicy } from '../internal/OverflowPolicy';

/** Options of {@link textStreams} and {@link byteStreams}. */
export interface IncomingStreamsOptions {
  /** The data-stream topic (`''` for streams sent without one). */
  readonly topic: string;
  /** Only streams from this identity, or these identities; the others are closed unread. */
  readonly from?: string | readonly string[];
  /**
   * Chunks a stream's `chunks$` keeps until it is first subscribed (default 1000 for text, 64 for
   * bytes: about 1 MB of rtc-node's 15 kB chunks). Once subscribed, chunks are delivered as they
   * arrive and none is kept.
   */
  readonly bufferSize?: number;
  /**
   * What a chunk arriving to a full wait does (default `'error'`: the late subscriber gets a
   * `QueueOverflowError` rather than a stream with a hole; `'drop-oldest'` keeps the newest).
   */
  readonly overflow?: OverflowPolicy;
  /** Told the running total of chunks a stream dropped while waiting for its subscriber. */
  readonly droppedChunks?: DroppedFramesObserver;
}
