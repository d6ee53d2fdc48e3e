/** An AWS call failed; the message names the operation and the key it was called for. */
export class AwsOperationError extends Error {
  override readonly name = 'AwsOperationError';
  /** The AWS error name, such as `ParameterNotFound` or `ThrottlingException`. */
  readonly code: string;

  constructor(
    readonly operation: string,
    readonly key: string,
    cause: unknown,
  ) {
    const code = cause instanceof Error ? cause.name : 'UnknownError';
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${operation} ${key} failed: ${code}: ${detail}`, { cause });
    this.code = code;
  }
}

/** Runs one AWS call and wraps any failure with the operation and key. */
export async function callAws<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new AwsOperationError(operation, key, error);
  }
}
