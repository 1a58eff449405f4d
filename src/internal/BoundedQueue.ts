import type { OverflowPolicy } from './OverflowPolicy';

/** What {@link BoundedQueue.offer} returns when the item was queued and nothing was dropped. @internal */
export const QUEUED: unique symbol = Symbol('queued');
/** What {@link BoundedQueue.offer} returns when the queue was full under `'error'`. @internal */
export const OVERFLOWED: unique symbol = Symbol('overflowed');

/**
 * A fixed-capacity FIFO ring buffer: O(1) push and shift, never grows past `capacity`.
 * Its storage starts small and doubles as items arrive (up to `capacity`), so a generous bound
 * (captureAudio's, tens of thousands of frames) costs nothing until it is used.
 * @internal
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(Math.min(capacity, initialSlots));
  }

  get length(): number {
    return this.#size;
  }

  get full(): boolean {
    return this.#size === this.capacity;
  }

  /** Appends; the caller checks `full` first. */
  push(item: T): void {
    if (this.#size === this.capacity) throw new RangeError('BoundedQueue: push on a full queue');
    if (this.#size === this.#items.length) this.#grow();
    // A compare instead of `%`: an integer division costs tens of cycles on a hot path.
    let at = this.#head + this.#size;
    if (at >= this.#items.length) at -= this.#items.length;
    this.#items[at] = item;
    this.#size++;
  }

  /**
   * Queues `item` under an overflow policy: the one rule of every bounded queue of the house
   * (`boundedDelivery`, `captureAudio`, `mix`, `concatMapBounded`, `publishData`). When the queue
   * is full, `'drop-oldest'` discards the oldest item to make room and returns it,
   * `'drop-newest'` discards `item` and returns it, and `'error'` leaves the queue as it is and
   * returns {@link OVERFLOWED} (the caller raises its `QueueOverflowError`). Returns
   * {@link QUEUED} when the item was queued and nothing dropped. Allocates nothing.
   */
  offer(item: T, policy: OverflowPolicy): T | typeof QUEUED | typeof OVERFLOWED {
    if (this.#size !== this.capacity) {
      this.push(item);
      return QUEUED;
    }
    if (policy === 'error') return OVERFLOWED;
    if (policy === 'drop-newest') return item;
    const oldest = this.shift() as T;
    this.push(item);
    return oldest;
  }

  /** The oldest item, left in place, or undefined when empty. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#head];
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = this.#head + 1 === this.#items.length ? 0 : this.#head + 1;
    this.#size--;
    return item;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#head = 0;
    this.#size = 0;
  }

  /** Doubles the storage (at most to `capacity`), the items laid out from slot 0 in order. */
  #grow(): void {
    const old = this.#items;
    const items = new Array<T | undefined>(Math.min(this.capacity, old.length * 2));
    for (let i = 0; i < this.#size; i++) {
      let at = this.#head + i;
      if (at >= old.length) at -= old.length;
      items[i] = old[at];
    }
    this.#items = items;
    this.#head = 0;
  }
}

/** Slots allocated up front: enough for the short queues of live media, grown beyond. */
const initialSlots = 16;
