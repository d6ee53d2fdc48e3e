// Stand-in for @smithy/core/event-streams in the Lambda bundles (see ../plugins.cjs). The SDK
// imports it only to send or read an event stream, and no operation the service calls has one.

const MESSAGE =
  'The SDK event stream support is not part of the hf-token-rotation bundles, because none of the operations they call streams events.';

/** Provider that explains why event streams are missing from this bundle. */
export function eventStreamSerdeProvider() {
  throw new Error(MESSAGE);
}

/** Serde that explains why event streams are missing from this bundle. */
export class EventStreamSerde {
  constructor() {
    throw new Error(MESSAGE);
  }
}
