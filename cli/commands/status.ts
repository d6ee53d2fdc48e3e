import { EXIT_CODES } from '../exit-codes.js';
import { readFleetStatus } from '../fleet/fleet-status.js';
import { printStatus } from '../fleet/status-view.js';
import type { CommandDefinition } from './command.js';
import { flagOption } from './option-values.js';

/** `hf-token status`: versions, labels and every tagged instance; exit 3 when instances are behind. */
export const statusCommand: CommandDefinition = {
  name: 'status',
  options: { json: { type: 'boolean' } },
  async run(context, values) {
    const status = await readFleetStatus(context.ssm, context.settings);
    if (flagOption(values, 'json')) {
      context.out.json(status);
    } else {
      printStatus(status, context.m, context.out, context.io.now());
    }
    const degraded = status.instances.length === 0 || status.behind.length > 0;
    return degraded ? EXIT_CODES.degraded : EXIT_CODES.ok;
  },
};
