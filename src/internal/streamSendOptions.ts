import type { DataStreamSendOptions } from '../sinks/DataStreamSendOptions';
import type { OutgoingStreamOptions } from './dataStreamHooks';
import { destinationsOf } from './sendPreflight';
import { assertBufferSize } from './streamTap';

/** A send's options, checked at call time and normalised. @internal */
export interface CheckedSendOptions extends OutgoingStreamOptions {
  readonly checkDestinations: boolean;
}

/** Checks and normalises {@link DataStreamSendOptions} at call time (a `TypeError` if wrong). @internal */
export function streamSendOptions(
  source: string,
  options: DataStreamSendOptions,
): CheckedSendOptions {
  const topic = options.topic ?? '';
  if (typeof topic !== 'string') {
    throw new TypeError(`${source}: topic must be a string, got ${String(topic)}`);
  }
  const attributes = { ...(options.attributes ?? {}) };
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') {
      throw new TypeError(`${source}: attribute "${key}" must be a string, got ${typeof value}`);
    }
  }
  return {
    topic,
    attributes,
    destinationIdentities: destinationsOf(source, options.destinationIdentities),
    streamId: options.streamId,
    checkDestinations: options.checkDestinations ?? true,
  };
}

/** Validates a sink's `bufferSize` at call time. @internal */
export function sinkBufferSize(
  source: string,
  value: number | undefined,
  fallback: number,
): number {
  const bufferSize = value ?? fallback;
  assertBufferSize(source, bufferSize);
  return bufferSize;
}
