export declare function documentName(service: string, stage: string): string;
export declare function functionName(service: string, stage: string, functionKey: string): string;
export declare function statePath(service: string, stage: string): string;
export declare function deadLetterQueueName(service: string, stage: string): string;
export declare function listParameter(value: string): string[];
