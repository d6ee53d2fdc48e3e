import { describe, expect, it } from 'vitest';
import * as incidentManager from '../../shared/aws/incident-manager.js';
import * as readEvents from '../../shared/staleness/aws/parameter-read-events.js';
import * as eventStreamsStub from '../../serverless/esbuild/stubs/event-streams.mjs';
import * as incidentStub from '../../serverless/esbuild/stubs/incident-manager.mjs';
import * as readEventsStub from '../../serverless/esbuild/stubs/parameter-read-events.mjs';

// Bundles of a stage without a response plan or an allow-list get stubs instead of these two
// adapters (serverless/esbuild/plugins.cjs). A stub is reached only after a hand edit of the
// function's environment, and its error names the parameter to deploy with.
const ESCALATION = { dedupKey: 'k', title: 't', summary: 's', impact: 2 as const };

describe('optional adapter stubs', () => {
  it('export the adapter classes', () => {
    expect(Object.keys(incidentStub)).toEqual(expect.arrayContaining(['IncidentManagerEscalator']));
    expect(Object.keys(incidentManager)).toEqual(expect.arrayContaining(['IncidentManagerEscalator']));
    expect(Object.keys(readEventsStub)).toEqual(expect.arrayContaining(['CloudTrailParameterReads']));
    expect(Object.keys(readEvents)).toEqual(expect.arrayContaining(['CloudTrailParameterReads']));
  });

  it('name the missing response plan', async () => {
    const escalator = new incidentStub.IncidentManagerEscalator('arn:aws:ssm-incidents::123456789012:response-plan/hf');

    await expect(escalator.escalate(ESCALATION)).rejects.toThrow(
      'Deploy again with --param "incidentResponsePlanArn=arn:aws:ssm-incidents::123456789012:response-plan/hf".',
    );
  });

  it('name the missing allow-list', async () => {
    const reads = new readEventsStub.CloudTrailParameterReads();

    await expect(reads.lookup(new Date(0), new Date())).rejects.toThrow('Deploy again with --param "accessAllowedPrincipals=...".');
  });
});

describe('event stream stub', () => {
  it('explains the missing support', () => {
    expect(() => eventStreamsStub.eventStreamSerdeProvider()).toThrow('none of the operations they call streams events');
  });
});
