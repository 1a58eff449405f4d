/** LiveKit's transcription topic and the attributes of its text streams (agents' protocol). @internal */
export const TRANSCRIPTION_TOPIC = 'lk.transcription';
/** The transcribed track's sid. @internal */
export const TRANSCRIPTION_TRACK = 'lk.transcribed_track_id';
/** The segment's id: every update of a segment carries the same. @internal */
export const TRANSCRIPTION_SEGMENT = 'lk.segment_id';
/** `'true'` on a segment's final text, `'false'` on interim ones. @internal */
export const TRANSCRIPTION_FINAL = 'lk.transcription_final';
