import { AudioFrame } from '@livekit/rtc-node';
import fc from 'fast-check';
import { mix } from 'livekit-rx';
import { of, Subject } from 'rxjs';
import { createPcmMixer } from '../src/internal/createPcmMixer';
import { wasmMixing } from '../src/internal/wasmMixing';

// mix sums through a WebAssembly SIMD kernel where the runtime has one, else in TypeScript:
// both must give the same samples as the plain definition (32-bit sum, clamped to int16).
const reference = (rows: Int16Array[], blockLen: number): Int16Array => {
  const out = new Int16Array(blockLen);
  for (let i = 0; i < blockLen; i++) {
    const sum = rows.reduce((t, r) => t + (i < r.length ? (r[i] as number) : 0), 0);
    out[i] = Math.max(-32768, Math.min(32767, sum));
  }
  return out;
};

const mixRows = (rows: Int16Array[], blockLen: number, wasm: boolean): Int16Array => {
  wasmMixing.enabled = wasm;
  try {
    const m = createPcmMixer(blockLen);
    expect(m.backend).toBe(wasm ? 'wasm' : 'js');
    let out: Int16Array = new Int16Array(0);
    for (let round = 0; round < 2; round++) {
      // A row may arrive in pieces (a chunk boundary) and be shorter than the block (padding).
      for (const row of rows) {
        const cut = row.length >> 1;
        m.put(row, 0, cut);
        m.put(row.subarray(cut), 0, row.length - cut);
        m.endRow();
      }
      out = m.finish(); // a second round reuses the mixer: nothing of the first may remain
    }
    return out;
  } finally {
    wasmMixing.enabled = true;
  }
};

describe('the PCM mixer behind mix', () => {
  it('WebAssembly SIMD is available on the supported Node versions', () => {
    expect(createPcmMixer(480).backend).toBe('wasm');
  });

  it('property: both backends equal the 32-bit sum clamped to int16, any block and row count', () => {
    const int16 = fc.integer({ min: -32768, max: 32767 });
    const block = fc.integer({ min: 1, max: 70 }).chain((blockLen) =>
      fc.tuple(
        fc.constant(blockLen),
        fc.array(fc.array(int16, { minLength: 1, maxLength: blockLen }), {
          minLength: 1,
          maxLength: 90,
        }),
      ),
    );
    fc.assert(
      fc.property(block, ([blockLen, arrays]) => {
        const rows = arrays.map((a) => Int16Array.from(a));
        const expected = reference(rows, blockLen);
        expect(mixRows(rows, blockLen, true)).toEqual(expected);
        expect(mixRows(rows, blockLen, false)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('batches many rows (more sources than one staging batch) without losing any', () => {
    const rows = Array.from({ length: 200 }, (_, r) =>
      new Int16Array(480).fill(r % 2 ? 300 : -100),
    );
    const expected = reference(rows, 480);
    expect(expected[0]).toBe(20000);
    expect(mixRows(rows, 480, true)).toEqual(expected);
    // 20,000 samples a row: one row a batch; the shared memory grows under a live mixer.
    const small = createPcmMixer(480);
    const big = Array.from({ length: 3 }, () => new Int16Array(20000).fill(7000));
    expect(mixRows(big, 20000, true)).toEqual(reference(big, 20000));
    small.put(Int16Array.from([1, 2, 3]), 0, 3);
    small.endRow();
    expect(Array.from(small.finish().subarray(0, 4))).toEqual([1, 2, 3, 0]);
  });

  it('mix gives the same frames through the TypeScript backend', () => {
    const run = () => {
      const a = new Subject<AudioFrame>();
      const b = new Subject<AudioFrame>();
      const out: number[] = [];
      mix(of(a, b), { blocksize: 3 }).subscribe((f) => out.push(...f.data));
      for (let i = 0; i < 4; i++) {
        a.next(new AudioFrame(Int16Array.from([30000, -30000, i, 5]), 1000, 1, 4));
        b.next(new AudioFrame(Int16Array.from([30000, -30000, -i]), 1000, 1, 3));
      }
      a.complete();
      b.complete();
      return out;
    };
    const viaWasm = run();
    wasmMixing.enabled = false;
    try {
      expect(run()).toEqual(viaWasm);
    } finally {
      wasmMixing.enabled = true;
    }
    expect(viaWasm.slice(0, 3)).toEqual([32767, -32768, 0]);
  });
});
