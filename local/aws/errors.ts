// AWS error values and their wire forms. SSM speaks JSON 1.1 and SNS speaks awsQuery, and the SDK
// picks the exception class from the code in each form, so both must match the real services.

/** Whether the caller (`Sender`) or the service (`Receiver`) caused the error, as awsQuery reports it. */
export type ErrorFault = 'Sender' | 'Receiver';

/** An error that the endpoint returns to the client in the calling protocol's error shape. */
export class AwsError extends Error {
  override readonly name = 'AwsError';

  /**
   * @param code - the AWS error code, for example `ParameterNotFound`; the SDK maps it to its class
   * @param message - text for the client; it names the offending input and is written to never contain a secret
   * @param httpStatus - the HTTP status AWS uses for this error (400 for most client errors)
   * @param fields - members the error shape models besides the message, such as `OpsItemId`
   */
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly fault: ErrorFault = httpStatus >= 500 ? 'Receiver' : 'Sender',
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Builds the `ValidationException` that SSM returns when a member breaks its modeled constraint. */
export function validationError(member: string, value: unknown, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Serializes an error as SSM's JSON 1.1 protocol does: `{"__type": CODE, "message": TEXT, ...fields}`. */
export function jsonErrorBody(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message, ...error.fields });
}

/** Escapes text for use inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serializes an error as the awsQuery protocol does (`<ErrorResponse><Error>...`). */
export function queryErrorBody(error: AwsError, xmlns: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${xmlns}">` +
    `<Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`
  );
}
