import { GetInventoryCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AwsOperationError, callAws } from '../../shared/aws/errors.js';
import { parseTime, parseVersion } from './versions.js';

/** Custom inventory type that the refresh script reports after each run. */
export const INVENTORY_TYPE = 'Custom:HfTokenRotation';

/** Report of one instance about its last run: the token it runs now and how the run ended. */
export interface InventoryRun {
  version: number | null;
  fingerprint: string | null;
  /** The script's status: applied, unchanged, rolled_back or failed. */
  status: string | null;
  appliedAt: Date | null;
}

/**
 * Reads the rotation inventory of every instance for one parameter, keyed by instance id.
 * Returns null when no instance has reported the type yet (GetInventory then raises
 * InvalidTypeNameException), so the caller can fall back to command results.
 */
export async function readRotationInventory(ssm: SSMClient, parameter: string): Promise<Map<string, InventoryRun> | null> {
  const runs = new Map<string, InventoryRun>();
  let nextToken: string | undefined;
  try {
    do {
      const page = await callAws('GetInventory', INVENTORY_TYPE, () =>
        ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: INVENTORY_TYPE }], MaxResults: 50, NextToken: nextToken })),
      );
      for (const entity of page.Entities ?? []) {
        const content = entity.Id ? entity.Data?.[INVENTORY_TYPE]?.Content : undefined;
        // One entry per parameter the instance applied; a stack serves one parameter.
        const entry = content?.find((candidate) => candidate['Parameter'] === parameter);
        if (!entity.Id || !entry) continue;
        runs.set(entity.Id, {
          version: parseVersion(entry['Version']),
          fingerprint: entry['Fingerprint'] || null,
          status: entry['Status'] || null,
          appliedAt: parseTime(entry['AppliedAt']),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if (error instanceof AwsOperationError && error.code === 'InvalidTypeNameException') return null;
    throw error;
  }
  return runs;
}
