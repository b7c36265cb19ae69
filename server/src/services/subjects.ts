// What a subject may be, wherever it arrives (a query parameter, a row of a card import): the host's opaque key,
// in plain text, at most SUBJECT_MAX_CHARS characters and SUBJECT_MAX_BYTES bytes of UTF-8 (database keys have a
// size limit: PostgreSQL index rows).
export const SUBJECT_MAX_CHARS = 512;
export const SUBJECT_MAX_BYTES = 1024;
