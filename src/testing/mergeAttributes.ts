import type { TestParticipant } from './TestParticipant';

/**
 * Applies an attribute update as LiveKit does (`''` deletes a key) and returns the keys whose
 * value changed, with their new values.
 */
export function mergeAttributes(
  participant: TestParticipant,
  update: Readonly<Record<string, string>>,
): Record<string, string> {
  const next = { ...participant.attributes };
  const changed: Record<string, string> = {};
  for (const [key, value] of Object.entries(update)) {
    if ((next[key] ?? '') === value) continue;
    changed[key] = value;
    if (value === '') delete next[key];
    else next[key] = value;
  }
  participant.attributes = next;
  return changed;
}
