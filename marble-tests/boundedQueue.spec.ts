import fc from 'fast-check';
import { BoundedQueue } from '../src/internal/BoundedQueue';

// The ring buffer behind every bounded queue (mix sources, captureAudio, frame sources): it must
// behave like an array used as a FIFO, wrapping around its end at any capacity.
describe('BoundedQueue', () => {
  it('property: push/shift/peek/clear match an array FIFO of the same capacity', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer() }),
      fc.constant('shift' as const),
      fc.constant('peek' as const),
      fc.constant('clear' as const),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(op, { maxLength: 60 }), (cap, ops) => {
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
      }),
      { numRuns: 300 },
    );
  });
});
