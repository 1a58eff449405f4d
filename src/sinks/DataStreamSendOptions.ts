/** What every text and byte stream send takes: `streamText`, `sendText`, `streamBytes`, `sendFile`. */
export interface DataStreamSendOptions {
  /** The topic receivers subscribe to (default `''`). */
  readonly topic?: string;
  /** Attributes in the stream's header (receivers see them in `info.attributes`). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Only these participants receive it (default: everyone in the room). */
  readonly destinationIdentities?: readonly string[];
  /**
   * Fail with `RecipientNotFoundError` when a destination is not in the room as the send
   * begins (default true: LiveKit would deliver to nobody and report success).
   */
  readonly checkDestinations?: boolean;
  /** The stream's id (default: a random UUID, chosen by rtc-node). */
  readonly streamId?: string;
}
