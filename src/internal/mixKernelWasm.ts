/** Vectors of 8 samples summed per step of the kernel (rows are padded to whole steps). */
export const MIX_KERNEL_VECTORS = 4;

/**
 * The bytes of a tiny WebAssembly module (SIMD) that sums rows of int16 samples in 32 bits and
 * narrows the sums to int16 with saturation: the inner loop of `mix`, 8 samples per instruction.
 * Built here from a readable instruction list instead of shipping an opaque blob. In WAT, for
 * one vector per step (the module built has `vectors` of them, 4 by default: 32 samples per
 * step, `$x1..3`, `$lo1..3`, `$hi1..3` and their loads and stores at +16, +32, +48 bytes, which
 * measured 5-10% faster than 2 and keeps the CPU's SIMD units busy):
 *
 * ```wat
 * (module
 *   (memory (export "memory") 1)
 *   ;; Adds nRows rows (rowBytes apart, from `rows`) of nSteps x 8 int16 samples into the int32
 *   ;; sums at `acc` (flags & 1: start from zero instead), then (flags & 2) writes the sums,
 *   ;; saturated to int16, to `out`, else stores them back to `acc`.
 *   (func (export "mix") (param $rows i32) (param $nRows i32) (param $rowBytes i32)
 *         (param $nSteps i32) (param $acc i32) (param $out i32) (param $flags i32)
 *     (local $v i32) (local $p i32) (local $r i32) (local $end i32)
 *     (local $lo0 v128) (local $hi0 v128) (local $x0 v128)
 *     (local.set $end (i32.mul (local.get $nSteps) (i32.const 16)))
 *     (local.set $v (i32.const 0))          ;; byte offset of the step's samples in a row
 *     (block $exit (loop $vec
 *       (br_if $exit (i32.ge_u (local.get $v) (local.get $end)))
 *       (if (i32.and (local.get $flags) (i32.const 1))
 *         (then (local.set $lo0 (v128.const i32x4 0 0 0 0)) (local.set $hi0 (v128.const i32x4 0 0 0 0)))
 *         (else (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $v) (i32.const 1))))
 *               (local.set $lo0 (v128.load (local.get $p)))
 *               (local.set $hi0 (v128.load offset=16 (local.get $p)))))
 *       (local.set $p (i32.add (local.get $rows) (local.get $v)))
 *       (local.set $r (local.get $nRows))
 *       (block $done (loop $row
 *         (br_if $done (i32.eqz (local.get $r)))
 *         (local.set $x0 (v128.load (local.get $p)))
 *         (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.extend_low_i16x8_s (local.get $x0))))
 *         (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.extend_high_i16x8_s (local.get $x0))))
 *         (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
 *         (local.set $r (i32.sub (local.get $r) (i32.const 1)))
 *         (br $row)))
 *       (if (i32.and (local.get $flags) (i32.const 2))
 *         (then (v128.store (i32.add (local.get $out) (local.get $v))
 *                           (i16x8.narrow_i32x4_s (local.get $lo0) (local.get $hi0))))
 *         (else (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $v) (i32.const 1))))
 *               (v128.store (local.get $p) (local.get $lo0))
 *               (v128.store offset=16 (local.get $p) (local.get $hi0))))
 *       (local.set $v (i32.add (local.get $v) (i32.const 16)))
 *       (br $vec)))))
 * ```
 * @internal
 */
export function mixKernelWasm(vectors = MIX_KERNEL_VECTORS): Uint8Array {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
  const i32 = 0x7f;
  const v128 = 0x7b;
  const [rows, nRows, rowBytes, nSteps, acc, out, flags, v, p, r, end] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ] as const;
  // v128 locals: the sums of vector j are lo(j), hi(j); its samples of the current row x(j).
  const lo = (j: number) => 11 + 3 * j;
  const hi = (j: number) => 12 + 3 * j;
  const x = (j: number) => 13 + 3 * j;
  const each = (f: (j: number) => number[]): number[] =>
    Array.from({ length: vectors }, (_, j) => f(j)).flat();
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const i32c = (n: number) => [0x41, ...sleb(n)];
  const simd = (op: number) => [0xfd, ...uleb(op)];
  const load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
  const store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
  const zero = [...simd(0x0c), ...new Array<number>(16).fill(0)];
  const [block, loop, ifThen, orElse, endOp, br, brIf, empty] = [
    2, 3, 4, 5, 0x0b, 0x0c, 0x0d, 0x40,
  ];
  const [add, sub, and, shl, geU, eqz, mul] = [0x6a, 0x6b, 0x71, 0x74, 0x4f, 0x45, 0x6c];
  const extendLow = simd(0xa7);
  const extendHigh = simd(0xa8);
  const add32x4 = simd(0xae);
  const narrow = simd(0x85);
  const stepBytes = vectors * 16; // int16 samples of one step, in bytes
  const accAddress = [...get(acc), ...get(v), ...i32c(1), shl, add, ...set(p)];
  // prettier-ignore
  const body = [
    ...get(nSteps), ...i32c(stepBytes), mul, ...set(end),
    ...i32c(0), ...set(v),
    block, empty, loop, empty,
      ...get(v), ...get(end), geU, brIf, 1,
      ...get(flags), ...i32c(1), and, ifThen, empty,
        ...each((j) => [...zero, ...set(lo(j)), ...zero, ...set(hi(j))]),
      orElse,
        ...accAddress,
        ...each((j) => [
          ...get(p), ...load(32 * j), ...set(lo(j)), ...get(p), ...load(32 * j + 16), ...set(hi(j)),
        ]),
      endOp,
      ...get(rows), ...get(v), add, ...set(p),
      ...get(nRows), ...set(r),
      block, empty, loop, empty,
        ...get(r), eqz, brIf, 1,
        ...each((j) => [...get(p), ...load(16 * j), ...set(x(j))]),
        ...each((j) => [
          ...get(lo(j)), ...get(x(j)), ...extendLow, ...add32x4, ...set(lo(j)),
          ...get(hi(j)), ...get(x(j)), ...extendHigh, ...add32x4, ...set(hi(j)),
        ]),
        ...get(p), ...get(rowBytes), add, ...set(p),
        ...get(r), ...i32c(1), sub, ...set(r),
        br, 0,
      endOp, endOp,
      ...get(flags), ...i32c(2), and, ifThen, empty,
        ...get(out), ...get(v), add, ...set(p),
        ...each((j) => [...get(p), ...get(lo(j)), ...get(hi(j)), ...narrow, ...store(16 * j)]),
      orElse,
        ...accAddress,
        ...each((j) => [
          ...get(p), ...get(lo(j)), ...store(32 * j), ...get(p), ...get(hi(j)), ...store(32 * j + 16),
        ]),
      endOp,
      ...get(v), ...i32c(stepBytes), add, ...set(v),
      br, 0,
    endOp, endOp,
    endOp,
  ];
  const func = [
    ...vec([
      [4, i32],
      [3 * vectors, v128],
    ]),
    ...body,
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec([[i32], [i32], [i32], [i32], [i32], [i32], [i32]]), 0]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])), // memory: min 1 page, no max
    ...section(
      7,
      vec([
        [...name('mix'), 0x00, 0],
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(func.length), ...func]])),
  ]);
}

/** Signed LEB128, for `i32.const`. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
