import fc from 'fast-check';
import { BoundedQueue, OVERFLOWED, QUEUED } from '../src/internal/BoundedQueue';
import type { OverflowPolicy } from '../src/internal/OverflowPolicy';

// The ring buffer behind every bounded queue (mix sources, captureAudio, frame sources): it must
// behave like an array used as a FIFO, wrapping around its end at any capacity, and while its
// storage grows (it starts at 16 slots and doubles up to the capacity, wrapped or not).
describe('BoundedQueue', () => {
  it('property: push/shift/peek/clear match an array FIFO of the same capacity', () => {
    // Mostly pushes and shifts, rarely a clear, so queues fill past their first 16 slots.
    const op = fc.oneof(
      { arbitrary: fc.record({ push: fc.integer() }), weight: 20 },
      { arbitrary: fc.constant('shift' as const), weight: 12 },
      { arbitrary: fc.constant('peek' as const), weight: 4 },
      { arbitrary: fc.constant('clear' as const), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(op, { maxLength: 150, size: 'max' }),
        (cap, ops) => {
          const q = new BoundedQueue<number>(cap);
          const model: number[] = [];
          for (const o of ops) {
            if (o === 'shift') expect(q.shift()).toBe(model.shift());
            else if (o === 'peek') expect(q.peek()).toBe(model[0]);
            else if (o === 'clear') {
              q.clear();
              model.length = 0;
            } else if (model.length === cap) {
              expect(q.full).toBe(true);
              expect(() => q.push(o.push)).toThrow(
                new RangeError('BoundedQueue: push on a full queue'),
              );
            } else {
              q.push(o.push);
              model.push(o.push);
            }
            expect(q.length).toBe(model.length);
            expect(q.full).toBe(model.length === cap);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: offer applies the overflow policy exactly as an array model does', () => {
    const policy = fc.constantFrom<OverflowPolicy>('drop-oldest', 'drop-newest', 'error');
    const op = fc.oneof(fc.record({ offer: fc.integer() }), fc.constant('shift' as const));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        policy,
        fc.array(op, { maxLength: 60 }),
        (cap, p, ops) => {
          const q = new BoundedQueue<number>(cap);
          const model: number[] = [];
          for (const o of ops) {
            if (o === 'shift') {
              expect(q.shift()).toBe(model.shift());
              continue;
            }
            const outcome = q.offer(o.offer, p);
            if (model.length < cap) {
              model.push(o.offer);
              expect(outcome).toBe(QUEUED);
            } else if (p === 'error') {
              expect(outcome).toBe(OVERFLOWED);
            } else if (p === 'drop-newest') {
              expect(outcome).toBe(o.offer);
            } else {
              expect(outcome).toBe(model.shift());
              model.push(o.offer);
            }
            const contents: number[] = [];
            for (let x = q.shift(); x !== undefined; x = q.shift()) {
              contents.push(x);
            }
            for (const x of contents) q.push(x);
            expect(contents).toEqual(model);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
