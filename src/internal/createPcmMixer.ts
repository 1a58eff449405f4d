import { MIX_KERNEL_VECTORS, mixKernelWasm } from './mixKernelWasm';
import { wasmMixing } from './wasmMixing';

/**
 * Sums blocks of int16 samples in 32 bits and saturates them to int16: one block at a time,
 * row by row (a row is one source's contribution to the block).
 * @internal
 */
export interface PcmMixer {
  /** Which implementation this is (tests and benchmarks report it). */
  readonly backend: 'wasm' | 'js';
  /** Appends `n` samples of `chunk` from index `from` to the current row. */
  put(chunk: Int16Array, from: number, n: number): void;
  /** Ends the current row; samples the row did not receive count as silence. */
  endRow(): void;
  /** A whole row at once: `put(chunk, 0, chunk.length)` then `endRow()`, `chunk` one block long. */
  row(chunk: Int16Array): void;
  /** The saturated sum of the rows since the last call: a new array of the block's length. */
  finish(): Int16Array;
}

/** The part of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
type MixExport = (
  rows: number,
  nRows: number,
  rowBytes: number,
  nSteps: number,
  acc: number,
  out: number,
  flags: number,
) => void;

type WasmModule = { readonly __wasmModule: unique symbol };
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The process's one kernel instance: its `mix` export and its memory, shared by all mixers. */
interface Kernel {
  readonly mix: MixExport;
  readonly memory: WasmMemory;
  /** A view of the whole memory, replaced when the memory grows. */
  mem: Int16Array;
}

let kernel: Kernel | null | undefined;

/**
 * The SIMD kernel, instantiated once per process, or null where WebAssembly SIMD is unavailable.
 * One instance for everyone (not one per subscription): V8 optimizes the calls into a wasm export
 * only after many calls of that same function object, and instantiating costs too. Sharing its
 * memory is safe because a mixer writes and sums a block within one synchronous call
 * (`put`... `finish`, no user code in between), so two mixers never interleave.
 */
function wasmKernel(): Kernel | null {
  if (kernel === undefined) {
    kernel = null;
    try {
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      const bytes = mixKernelWasm();
      if (api?.validate(bytes)) {
        const { exports } = new api.Instance(new api.Module(bytes), {});
        const memory = exports['memory'] as WasmMemory;
        kernel = { mix: exports['mix'] as MixExport, memory, mem: new Int16Array(memory.buffer) };
      }
    } catch {
      // no WebAssembly (node --jitless): the TypeScript mixer
    }
  }
  return kernel;
}

/**
 * A mixer for blocks of `blockLen` samples (all channels counted): WebAssembly SIMD when the
 * runtime has it (8 samples per instruction), else plain TypeScript. Both give the same samples.
 * @internal
 */
export function createPcmMixer(blockLen: number): PcmMixer {
  const k = wasmMixing.enabled ? wasmKernel() : null;
  return k === null ? new JsPcmMixer(blockLen) : new WasmPcmMixer(blockLen, k);
}

const START = 1; // start the sums from zero
const FINISH = 2; // write the saturated sums to the output

/**
 * Rows are copied into a staging area of the kernel's memory (`TypedArray.set`, a memcpy) and
 * summed in batches of at most `batch` rows, so memory is bounded by the block length, not by the
 * number of sources: int32 sums (blockLen x 4 bytes), the output, and `batch` rows (the memory
 * grows to the largest block any mixer of the process used).
 */
class WasmPcmMixer implements PcmMixer {
  readonly backend = 'wasm';
  readonly #k: Kernel;
  readonly #blockLen: number;
  readonly #nSteps: number; // steps of the kernel per row
  readonly #rowBytes: number;
  readonly #batch: number;
  readonly #acc: number;
  readonly #out: number;
  readonly #staging: number;
  #rows = 0;
  #pos: number; // next sample index (in the memory's Int16Array view) of the current row
  #flags = START;

  constructor(blockLen: number, k: Kernel) {
    this.#k = k;
    this.#blockLen = blockLen;
    // One step of the kernel sums MIX_KERNEL_VECTORS x 8 samples; rows are padded to steps.
    const step = MIX_KERNEL_VECTORS * 8;
    this.#nSteps = Math.ceil(blockLen / step);
    this.#rowBytes = this.#nSteps * step * 2;
    this.#batch = Math.max(1, Math.min(64, Math.floor(65536 / this.#rowBytes)));
    this.#acc = 0;
    this.#out = this.#acc + this.#rowBytes * 2; // int32 sums
    this.#staging = this.#out + this.#rowBytes;
    const bytes = this.#staging + this.#batch * this.#rowBytes;
    const have = k.memory.buffer.byteLength;
    if (bytes > have) {
      k.memory.grow(Math.ceil((bytes - have) / 65536));
      k.mem = new Int16Array(k.memory.buffer);
    }
    this.#pos = this.#staging >> 1;
  }

  put(chunk: Int16Array, from: number, n: number): void {
    this.#k.mem.set(
      from === 0 && n === chunk.length ? chunk : chunk.subarray(from, from + n),
      this.#pos,
    );
    this.#pos += n;
  }

  row(chunk: Int16Array): void {
    this.#k.mem.set(chunk, this.#pos);
    this.#pos += chunk.length;
    this.endRow();
  }

  endRow(): void {
    const rowEnd = ((this.#staging + this.#rows * this.#rowBytes) >> 1) + this.#blockLen;
    if (this.#pos < rowEnd) this.#k.mem.fill(0, this.#pos, rowEnd);
    if (++this.#rows === this.#batch) {
      this.#k.mix(
        this.#staging,
        this.#rows,
        this.#rowBytes,
        this.#nSteps,
        this.#acc,
        0,
        this.#flags,
      );
      this.#flags = 0;
      this.#rows = 0;
    }
    this.#pos = (this.#staging + this.#rows * this.#rowBytes) >> 1;
  }

  finish(): Int16Array {
    const flags = this.#flags | FINISH;
    this.#k.mix(
      this.#staging,
      this.#rows,
      this.#rowBytes,
      this.#nSteps,
      this.#acc,
      this.#out,
      flags,
    );
    this.#flags = START;
    this.#rows = 0;
    this.#pos = this.#staging >> 1;
    const out = this.#out >> 1;
    return this.#k.mem.slice(out, out + this.#blockLen);
  }
}

/** The same sums in plain TypeScript, for runtimes without WebAssembly SIMD. */
class JsPcmMixer implements PcmMixer {
  readonly backend = 'js';
  readonly #acc: Int32Array;
  #pos = 0;

  constructor(blockLen: number) {
    this.#acc = new Int32Array(blockLen);
  }

  put(chunk: Int16Array, from: number, n: number): void {
    const acc = this.#acc;
    let o = this.#pos;
    for (let i = from, end = from + n; i < end; i++, o++) {
      acc[o] = (acc[o] as number) + (chunk[i] as number);
    }
    this.#pos = o;
  }

  endRow(): void {
    this.#pos = 0;
  }

  row(chunk: Int16Array): void {
    this.put(chunk, 0, chunk.length);
    this.#pos = 0;
  }

  finish(): Int16Array {
    const acc = this.#acc;
    const out = new Int16Array(acc.length);
    for (let i = 0; i < acc.length; i++) {
      const v = acc[i] as number;
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    acc.fill(0);
    this.#pos = 0;
    return out;
  }
}
