/** The message of a thrown value, for an error's `detail`. @internal */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
