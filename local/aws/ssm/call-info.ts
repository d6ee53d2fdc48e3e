// Per-call facts that operations may use, taken from the request's signature.

/** The caller of one API call. */
export interface CallInfo {
  /** Access key id from the SigV4 credential scope. */
  accessKeyId: string;
  /** Stand-in IAM ARN for `LastModifiedUser`, built from the access key id. */
  userArn: string;
}
