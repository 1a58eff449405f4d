import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A LiveKit-style id: the prefix (`PA_`, `RM_`, `TR_`) and 12 random base-62 characters. */
export function newId(prefix: 'PA_' | 'RM_' | 'TR_'): string {
  let id = prefix;
  for (const byte of randomBytes(12)) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
