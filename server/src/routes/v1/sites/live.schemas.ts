import { Type } from 'typebox';
import { Subject } from './common.schemas.ts';

/** Subjects per live stream: a page of 200 rows is one stream. */
export const LIVE_MAX_SUBJECTS = 200;

/** An event id (Last-Event-ID or ?lastEventId=): a decimal integer. */
export const EVENT_ID_PATTERN = '^[0-9]{1,15}$';

/** `?subjects=a&subjects=b…[&lastEventId=n]`. One `subjects=` arrives as a string; the route's preValidation
 * hook makes it a one-item array first. */
export const LiveQuery = Type.Object(
  {
    subjects: Type.Array(Subject, {
      minItems: 1,
      maxItems: LIVE_MAX_SUBJECTS,
      description: `1–${LIVE_MAX_SUBJECTS} subjects, repeated: subjects=a&subjects=b. The stream carries the events of these subjects only.`,
    }),
    lastEventId: Type.Optional(
      Type.String({
        pattern: EVENT_ID_PATTERN,
        description: 'Resume after this event id (a new stream opened because the subjects changed); the Last-Event-ID header wins when both are sent',
      }),
    ),
  },
  { additionalProperties: false },
);
