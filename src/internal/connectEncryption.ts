import { EncryptionType, type E2EEOptions, type KeyProviderOptions } from '@livekit/rtc-node';
import {
  checkEnumOption,
  checkIntegerOption,
  checkKey,
  describeValue,
  type CheckedAt,
} from './checkE2ee';
import { EncryptionKeyError } from '../errors/EncryptionKeyError';

/**
 * `connect`'s flat form of rtc-node's `E2EEOptions`: the key provider's options with the
 * encryption type beside them (`{ sharedKey, encryptionType }` instead of
 * `{ keyProviderOptions: { sharedKey }, encryptionType }`). Either form is accepted.
 */
export interface ConnectEncryptionOptions extends KeyProviderOptions {
  /** Default `EncryptionType.GCM`. */
  readonly encryptionType?: EncryptionType;
}

// rtc-node 1.1.0 does not re-export the FFI's KeyDerivationFunction enum: its members.
const KEY_DERIVATION_FUNCTIONS = { PBKDF2: 0, HKDF: 1 } as const;

/**
 * rtc-node's `E2EEOptions` from either form, every field checked: the native side would clamp a
 * key ring size silently, treat an empty key as no key (media leaves unencrypted), and fail to
 * encode a string where bytes belong. Throws an {@link EncryptionKeyError}.
 * @internal
 */
export function checkConnectEncryption(field: string, value: unknown): E2EEOptions {
  const at: CheckedAt = { operation: 'connect', index: undefined };
  if (value === null || typeof value !== 'object') {
    throw new EncryptionKeyError({
      ...at,
      problem: 'option',
      field,
      actual: describeValue(value),
      expected: 'an object such as { sharedKey } or { keyProviderOptions: { sharedKey } }',
    });
  }
  const given = value as Partial<E2EEOptions> & ConnectEncryptionOptions;
  const nested = given.keyProviderOptions !== undefined;
  const provider: KeyProviderOptions = nested
    ? (given.keyProviderOptions as KeyProviderOptions)
    : withoutEncryptionType(given);
  const prefix = nested ? `${field}.keyProviderOptions.` : `${field}.`;
  if (provider === null || typeof provider !== 'object') {
    throw new EncryptionKeyError({
      ...at,
      problem: 'option',
      field: `${field}.keyProviderOptions`,
      actual: describeValue(provider),
      expected: 'an object',
    });
  }
  if (provider.sharedKey !== undefined) checkKey(at, provider.sharedKey, `${prefix}sharedKey`);
  if (provider.ratchetSalt !== undefined) {
    checkKey(at, provider.ratchetSalt, `${prefix}ratchetSalt`);
  }
  if (provider.keyRingSize !== undefined) {
    checkIntegerOption(at, `${prefix}keyRingSize`, provider.keyRingSize, 1, 255, 'key-ring-size');
  }
  if (provider.ratchetWindowSize !== undefined) {
    checkIntegerOption(
      at,
      `${prefix}ratchetWindowSize`,
      provider.ratchetWindowSize,
      0,
      Number.MAX_SAFE_INTEGER,
    );
  }
  if (provider.failureTolerance !== undefined) {
    checkIntegerOption(
      at,
      `${prefix}failureTolerance`,
      provider.failureTolerance,
      -1,
      Number.MAX_SAFE_INTEGER,
    );
  }
  if (provider.keyDerivationFunction !== undefined) {
    checkEnumOption(
      at,
      `${prefix}keyDerivationFunction`,
      provider.keyDerivationFunction,
      KEY_DERIVATION_FUNCTIONS,
    );
  }
  if (given.encryptionType !== undefined) {
    checkEnumOption(at, `${field}.encryptionType`, given.encryptionType, EncryptionType);
  }
  return {
    keyProviderOptions: provider,
    ...(given.encryptionType === undefined ? {} : { encryptionType: given.encryptionType }),
  };
}

function withoutEncryptionType(options: ConnectEncryptionOptions): KeyProviderOptions {
  const { encryptionType: _type, ...provider } = options;
  return provider;
}
