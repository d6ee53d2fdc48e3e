// Stand-in for shared/staleness/aws/parameter-read-events.ts in the bundles of a stage without
// accessAllowedPrincipals (see ../plugins.cjs). The access check is then off and builds no
// reader, so this class is reached only if ACCESS_ALLOWED_PRINCIPALS was set on the function by hand.

/** Reader that explains why the CloudTrail look-up is missing from this bundle. */
export class CloudTrailParameterReads {
  async lookup() {
    throw new Error(
      'The CloudTrail access check is not part of this deployment: the stage had no accessAllowedPrincipals when it was packaged. Deploy again with --param "accessAllowedPrincipals=...".',
    );
  }
}
