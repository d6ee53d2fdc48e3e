import { EXIT_CODES } from '../exit-codes.js';
import type { CommandDefinition } from './command.js';
import { versionOption } from './option-values.js';

/** `hf-token abort`: cancels the pending and running refresh commands of the token (of one version with --version). */
export const abortCommand: CommandDefinition = {
  name: 'abort',
  options: { version: { type: 'string' } },
  async run(context, values) {
    const { m, out, settings } = context;
    const version = versionOption(values, m);
    const result = await context.control.abort({ parameter: settings.parameter, version });
    if (result.cancelledCommandIds.length === 0 && result.abortedVersions.length === 0) {
      out.line(m.rollout.nothingToAbort(settings.parameter));
      return EXIT_CODES.ok;
    }
    if (result.cancelledCommandIds.length > 0) out.line(m.rollout.aborted(result.cancelledCommandIds));
    if (result.abortedVersions.length > 0) out.line(m.rollout.claimsAborted(result.abortedVersions));
    for (const { version: aborted, after } of result.desired) out.line(m.rollout.desiredAfterAbort(aborted, after));
    return EXIT_CODES.ok;
  },
};
