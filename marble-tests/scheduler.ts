import { TestScheduler } from 'rxjs/testing';

/** A TestScheduler whose deep equality is jest's `toEqual` (typed arrays compared by value). */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
