/**
 * The bytes of a tiny WebAssembly module (SIMD) that sums rows of int16 samples in 32 bits and
 * narrows the sums to int16 with saturation: the inner loop of `mix`, 8 samples per instruction.
 * Built here from a readable instruction list instead of shipping an opaque blob. In WAT
 * (`$x1`, `$lo1`, `$hi1` and their loads and stores at +16 bytes are left out: the loop does
 * 16 samples per step, two vectors, to keep the CPU's SIMD units busy):
 *
 * ```wat
 * (module
 *   (memory (export "memory") 1)
 *   ;; Adds nRows rows (rowBytes apart, from `rows`) of nPairs x 16 int16 samples into the int32
 *   ;; sums at `acc` (flags & 1: start from zero instead), then (flags & 2) writes the sums,
 *   ;; saturated to int16, to `out`, else stores them back to `acc`.
 *   (func (export "mix") (param $rows i32) (param $nRows i32) (param $rowBytes i32)
 *         (param $nPairs i32) (param $acc i32) (param $out i32) (param $flags i32)
 *     (local $v i32) (local $p i32) (local $r i32) (local $end i32)
 *     (local $lo0 v128) (local $hi0 v128) (local $x0 v128)
 *     (local.set $end (i32.shl (local.get $nPairs) (i32.const 5)))
 *     (local.set $v (i32.const 0))          ;; byte offset of the 16 samples in a row
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
 *       (local.set $v (i32.add (local.get $v) (i32.const 32)))
 *       (br $vec)))))
 * ```
 * @internal
 */
export function mixKernelWasm(): Uint8Array {
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
  const [rows, nRows, rowBytes, nPairs, acc, out, flags, v, p, r, end] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ] as const;
  const [lo0, hi0, lo1, hi1, x0, x1] = [11, 12, 13, 14, 15, 16] as const;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const i32c = (n: number) => [0x41, n]; // small non-negative constants only (< 64)
  const simd = (op: number) => [0xfd, ...uleb(op)];
  const load = (offset: number) => [...simd(0x00), 4, offset];
  const store = (offset: number) => [...simd(0x0b), 4, offset];
  const zero = [...simd(0x0c), ...new Array<number>(16).fill(0)];
  const [block, loop, ifThen, orElse, endOp, br, brIf, empty] = [
    2, 3, 4, 5, 0x0b, 0x0c, 0x0d, 0x40,
  ];
  const [add, sub, and, shl, geU, eqz] = [0x6a, 0x6b, 0x71, 0x74, 0x4f, 0x45];
  const extendLow = simd(0xa7);
  const extendHigh = simd(0xa8);
  const add32x4 = simd(0xae);
  const narrow = simd(0x85);
  const accumulate = (sum: number, x: number, extend: number[]) => [
    ...get(sum),
    ...get(x),
    ...extend,
    ...add32x4,
    ...set(sum),
  ];
  const accAddress = [...get(acc), ...get(v), ...i32c(1), shl, add, ...set(p)];
  // prettier-ignore
  const body = [
    ...get(nPairs), ...i32c(5), shl, ...set(end),
    ...i32c(0), ...set(v),
    block, empty, loop, empty,
      ...get(v), ...get(end), geU, brIf, 1,
      ...get(flags), ...i32c(1), and, ifThen, empty,
        ...zero, ...set(lo0), ...zero, ...set(hi0), ...zero, ...set(lo1), ...zero, ...set(hi1),
      orElse,
        ...accAddress,
        ...get(p), ...load(0), ...set(lo0), ...get(p), ...load(16), ...set(hi0),
        ...get(p), ...load(32), ...set(lo1), ...get(p), ...load(48), ...set(hi1),
      endOp,
      ...get(rows), ...get(v), add, ...set(p),
      ...get(nRows), ...set(r),
      block, empty, loop, empty,
        ...get(r), eqz, brIf, 1,
        ...get(p), ...load(0), ...set(x0),
        ...get(p), ...load(16), ...set(x1),
        ...accumulate(lo0, x0, extendLow), ...accumulate(hi0, x0, extendHigh),
        ...accumulate(lo1, x1, extendLow), ...accumulate(hi1, x1, extendHigh),
        ...get(p), ...get(rowBytes), add, ...set(p),
        ...get(r), ...i32c(1), sub, ...set(r),
        br, 0,
      endOp, endOp,
      ...get(flags), ...i32c(2), and, ifThen, empty,
        ...get(out), ...get(v), add, ...set(p),
        ...get(p), ...get(lo0), ...get(hi0), ...narrow, ...store(0),
        ...get(p), ...get(lo1), ...get(hi1), ...narrow, ...store(16),
      orElse,
        ...accAddress,
        ...get(p), ...get(lo0), ...store(0), ...get(p), ...get(hi0), ...store(16),
        ...get(p), ...get(lo1), ...store(32), ...get(p), ...get(hi1), ...store(48),
      endOp,
      ...get(v), ...i32c(32), add, ...set(v),
      br, 0,
    endOp, endOp,
    endOp,
  ];
  const func = [
    ...vec([
      [4, i32],
      [6, v128],
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
