import type { RolloutRecord } from '../rollout/rollout-record.js';

/** Port that continues a rollout from its claim when the claim stopped moving. */
export interface RolloutRedriver {
  /** Returns `still_running` when the claim's command is only slow, which is no finding. */
  redrive(record: RolloutRecord): Promise<'still_running' | void>;
}
