import type { ParameterReadEvent } from '../../../shared/staleness/parameter-reads.js';

export declare class CloudTrailParameterReads {
  lookup(start: Date, end: Date): Promise<ParameterReadEvent[]>;
}
