/**
 * What a bounded queue does when an item arrives and it is full: discard its oldest item to make
 * room (`'drop-oldest'`, right for live media: keep the newest), discard the arriving item
 * (`'drop-newest'`), or end the stream with a `QueueOverflowError` (`'error'`).
 */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';
