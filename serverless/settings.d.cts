export declare function documentName(service: string, stage: string): string;
export declare function listParameter(value: string): string[];
