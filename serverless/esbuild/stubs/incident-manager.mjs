// Stand-in for shared/aws/incident-manager.ts in the bundles of a stage without
// incidentResponsePlanArn (see ../plugins.cjs). The rollout then builds no Incident Manager
// channel, so this class is reached only if INCIDENT_RESPONSE_PLAN_ARN was set on a function by hand.

/** Escalator that explains why Incident Manager is missing from this bundle. */
export class IncidentManagerEscalator {
  constructor(responsePlanArn) {
    this.responsePlanArn = responsePlanArn;
  }

  async escalate() {
    throw new Error(
      `Incident Manager is not part of this deployment: the stage had no incidentResponsePlanArn when it was packaged. Deploy again with --param "incidentResponsePlanArn=${this.responsePlanArn}".`,
    );
  }
}
