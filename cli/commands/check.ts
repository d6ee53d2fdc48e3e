import { InvokeCommand } from '@aws-sdk/client-lambda';
import { functionName } from '../../serverless/settings.cjs';
import { AwsOperationError, callAws } from '../../shared/aws/errors.js';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { SERVICE_NAME } from '../settings.js';
import type { CommandDefinition } from './command.js';
import { flagOption } from './option-values.js';

/** Function key of the scheduled checks in serverless.yml. */
const CHECK_FUNCTION_KEY = 'checkStaleness';

/** Result of the check function: finding ids and counts, never token values. */
interface CheckRunResult {
  findings: Array<{ id: string; severity: string; sent: boolean }>;
  sent: number;
  suppressed: number;
  escalated: number;
}

/**
 * `hf-token check`: runs the scheduled checks once by invoking the deployed check function, so
 * they run with the stack's configuration and permissions and send their alerts as on schedule.
 * Exit 3 when a finding of severity warning or worse remains.
 */
export const checkCommand: CommandDefinition = {
  name: 'check',
  options: { json: { type: 'boolean' } },
  async run(context, values) {
    const { m, out, settings } = context;
    const name = functionName(SERVICE_NAME, settings.stage, CHECK_FUNCTION_KEY);
    out.note(m.check.running(name));

    const response = await callAws('Invoke', name, () =>
      context.lambda().send(
        new InvokeCommand({
          FunctionName: name,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify({ source: 'hf-token', 'detail-type': 'hf-token check' })),
        }),
      ),
    ).catch((error: unknown) => {
      if (error instanceof AwsOperationError && error.code === 'ResourceNotFoundException') {
        throw new CliError(m.check.notDeployed(name, settings.region), EXIT_CODES.failure);
      }
      throw error;
    });
    const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
    if (response.FunctionError) throw new CliError(m.check.functionFailed(name, describeFunctionError(text)), EXIT_CODES.failure);
    const result = parseResult(text);
    if (!result) throw new CliError(m.check.unreadableResult(name), EXIT_CODES.failure);

    if (flagOption(values, 'json')) {
      out.json(result);
    } else if (result.findings.length === 0) {
      out.line(out.style('green', m.check.noFindings));
    } else {
      out.line(m.check.summary(result.findings.length, result.sent, result.suppressed, result.escalated));
      for (const finding of result.findings) out.line(`  ${m.check.finding(finding.severity, finding.id, finding.sent)}`);
    }
    const degraded = result.findings.some((finding) => finding.severity !== 'info');
    return degraded ? EXIT_CODES.degraded : EXIT_CODES.ok;
  },
};

/** Lambda reports a handler error as `{ errorType, errorMessage }`. */
function describeFunctionError(text: string): string {
  try {
    const payload = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown };
    return `${String(payload.errorType ?? 'Error')}: ${String(payload.errorMessage ?? '')}`;
  } catch {
    return text.slice(0, 500);
  }
}

function parseResult(text: string): CheckRunResult | null {
  try {
    const value = JSON.parse(text) as Partial<CheckRunResult> | null;
    if (!value || !Array.isArray(value.findings)) return null;
    return {
      findings: value.findings.map((finding) => ({ id: String(finding.id), severity: String(finding.severity), sent: finding.sent === true })),
      sent: Number(value.sent ?? 0),
      suppressed: Number(value.suppressed ?? 0),
      escalated: Number(value.escalated ?? 0),
    };
  } catch {
    return null;
  }
}
