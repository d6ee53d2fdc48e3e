import type { RolloutRecord } from '../rollout/rollout-record.js';

/** Port that starts a rollout again from its claim, for claims stuck in state `claimed`. */
export interface RolloutRedriver {
  redrive(record: RolloutRecord): Promise<void>;
}
