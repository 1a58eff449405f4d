import { EncryptionKeyError, type EncryptionKeyProblem } from '../errors/EncryptionKeyError';

/** Where a checked value came from: the operation, and the stream item (none for `connect`). */
export interface CheckedAt {
  readonly operation: string;
  readonly index: number | undefined;
}

/** A value described for an error message, never echoing key material. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `a string (${value.length} characters)`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  return `a ${typeof value === 'object' ? value.constructor.name : typeof value}`;
}

function fail(
  at: CheckedAt,
  problem: EncryptionKeyProblem,
  field: string,
  actual: string,
  expected: string,
): never {
  throw new EncryptionKeyError({ ...at, problem, field, actual, expected });
}

/** `key` as key material: a non-empty `Uint8Array` (a `Buffer` is one). */
export function checkKey(at: CheckedAt, key: unknown, field = 'key'): Uint8Array {
  if (!(key instanceof Uint8Array)) {
    return fail(
      at,
      'key-type',
      field,
      describeValue(key),
      'a Uint8Array (encode a passphrase with new TextEncoder().encode(...))',
    );
  }
  if (key.length === 0) return fail(at, 'key-empty', field, '0 bytes', 'at least 1 byte');
  return key;
}

/** `keyIndex` as an index into a ring of `ringSize` keys. */
export function checkKeyIndex(at: CheckedAt, keyIndex: unknown, ringSize: number): number {
  if (
    typeof keyIndex !== 'number' ||
    !Number.isInteger(keyIndex) ||
    keyIndex < 0 ||
    keyIndex >= ringSize
  ) {
    return fail(
      at,
      'key-index',
      'keyIndex',
      describeValue(keyIndex),
      `an integer from 0 to ${ringSize - 1} (the key ring holds ${ringSize} keys)`,
    );
  }
  return keyIndex;
}

/** An integer option within `[min, max]`. */
export function checkIntegerOption(
  at: CheckedAt,
  field: string,
  value: unknown,
  min: number,
  max: number,
  problem: EncryptionKeyProblem = 'option',
): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    fail(at, problem, field, describeValue(value), `an integer ${range}`);
  }
}

/** A value that must be one of an enum's members. */
export function checkEnumOption(
  at: CheckedAt,
  field: string,
  value: unknown,
  members: Record<string, string | number>,
): void {
  const valid = Object.values(members).filter((v): v is number => typeof v === 'number');
  if (typeof value !== 'number' || !valid.includes(value)) {
    const names = Object.keys(members).filter((k) => Number.isNaN(Number(k)));
    fail(at, 'option', field, describeValue(value), `one of ${names.join(', ')}`);
  }
}
