// The simulated fleet: managed instances whose SSM agent runs the real document script under sh,
// with stand-in `docker`/`docker-compose` and `aws` commands first on PATH and a small health
// server per instance in place of the WhisperX container.
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint as fingerprintOf } from '../../shared/token/fingerprint.js';
import { readArgvLog, type ArgvLogEntry } from './argv-log.mjs';
import { containerPid, readContainerVariable, stopContainer } from './container.mjs';
import { readInstanceConfig, writeInstanceConfig, type InstanceFaults } from './instance-config.mjs';
import {
  allocatePort,
  prepareInstance,
  startFirstContainer,
  STANDIN_BIN_DIR,
  type InstanceLayout,
} from './instance-layout.js';
import { runShellScriptSteps } from './invocation.js';
import type { CommandAgent, InvocationOutcome, InvocationRequest, ManagedInstance } from '../types.js';

export type { InstanceFaults } from './instance-config.mjs';
export type { ArgvLogEntry } from './argv-log.mjs';

/** One instance of the simulated fleet. */
export interface SimulatedInstanceSpec {
  instanceId: string;
  /** EC2 tags; tag targets match against these. */
  tags: Record<string, string>;
  /** Whether the SSM agent is connected (default true). */
  online?: boolean;
  faults?: InstanceFaults;
}

export interface FleetOptions {
  /** Folder for the instances, one subfolder each; created if missing. */
  rootDir: string;
  instances: SimulatedInstanceSpec[];
  /** Loopback URL of the local AWS endpoint that the stand-in aws CLI calls. */
  awsEndpointUrl: string;
  /** Region the agent reports in AWS_SSM_REGION_NAME. */
  region: string;
  /** .env every instance starts with (default: template.env, HF_TOKEN=replace-me). */
  envTemplatePath?: string;
}

/** The simulated fleet: a CommandAgent for the local endpoint plus helpers for tests and the demo. */
export interface SimulatedFleet extends CommandAgent {
  instanceDir(instanceId: string): string;
  envFilePath(instanceId: string): string;
  stateDir(instanceId: string): string;
  healthUrl(instanceId: string): string;
  /** Returns the fingerprint of the running container's token, or null when no container responds. */
  runningFingerprint(instanceId: string, key?: string): Promise<string | null>;
  setOnline(instanceId: string, online: boolean): void;
  /** Replaces the instance's faults; they apply from its next recreate. */
  setFaults(instanceId: string, faults: InstanceFaults): void;
  /** Every recorded stand-in CLI call, per instance id. */
  argvLogs(): Record<string, ArgvLogEntry[]>;
  /** Stops every container the fleet's instances run. */
  stop(): Promise<void>;
}

/** Static credentials for the stand-in aws CLI; the local endpoint accepts any. */
const FAKE_ACCESS_KEY_ID = 'AKIAFLEETSIMULATION0';
const FAKE_SECRET_ACCESS_KEY = 'fleet-simulation-secret-not-a-real-key';

interface FleetMember {
  spec: SimulatedInstanceSpec;
  layout: InstanceLayout;
  online: boolean;
}

/** Creates every instance's folders and .env and starts its first container. */
export async function createFleet(options: FleetOptions): Promise<SimulatedFleet> {
  const rootDir = path.resolve(options.rootDir);
  fs.mkdirSync(rootDir, { recursive: true });
  const members = new Map<string, FleetMember>();
  try {
    for (const spec of options.instances) {
      if (members.has(spec.instanceId)) throw new Error(`instance ${spec.instanceId} is listed twice`);
      const layout = prepareInstance({
        rootDir,
        instanceId: spec.instanceId,
        port: await allocatePort(),
        faults: spec.faults,
        envTemplatePath: options.envTemplatePath,
      });
      members.set(spec.instanceId, { spec, layout, online: spec.online ?? true });
      await startFirstContainer(layout);
    }
  } catch (error) {
    await Promise.all([...members.values()].map((member) => stopContainer(member.layout.instanceDir, 0)));
    throw error;
  }

  const member = (instanceId: string): FleetMember => {
    const found = members.get(instanceId);
    if (!found) throw new Error(`instance ${instanceId} is not part of the simulated fleet`);
    return found;
  };
  const healthUrl = (instanceId: string): string => `http://127.0.0.1:${member(instanceId).layout.port}/health`;

  return {
    listInstances(): ManagedInstance[] {
      return [...members.values()].map(({ spec, online }) => ({
        instanceId: spec.instanceId,
        pingStatus: online ? 'Online' : 'ConnectionLost',
        platformType: 'Linux',
        computerName: `${spec.instanceId}.${options.region}.compute.internal`,
        tags: { ...spec.tags },
      }));
    },

    async runInvocation(request: InvocationRequest): Promise<InvocationOutcome> {
      const { layout, online } = member(request.instanceId);
      if (!online) throw new Error(`instance ${request.instanceId} is offline; its agent cannot run commands`);
      // Simulation seam: a real fleet has the same paths and port on every host, so one command's
      // envFile, composeProjectDir, healthUrl and stateDir fit all of them. Here each instance
      // lives in its own folder and listens on its own port, so these four are set per instance.
      const parameters = {
        ...request.parameters,
        envFile: layout.envFile,
        composeProjectDir: layout.projectDir,
        healthUrl: healthUrl(request.instanceId),
        stateDir: layout.stateDir,
      };
      return runShellScriptSteps(
        { ...request, parameters },
        {
          instanceDir: layout.instanceDir,
          environment: {
            // What the agent provides: a minimal PATH without HOME, the region and the instance id.
            PATH: `${STANDIN_BIN_DIR}:/usr/bin:/bin`,
            AWS_SSM_REGION_NAME: options.region,
            AWS_SSM_INSTANCE_ID: request.instanceId,
            // What the instance role provides in AWS: here static fake credentials and the endpoint.
            AWS_ENDPOINT_URL: options.awsEndpointUrl,
            AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            SIM_INSTANCE_DIR: layout.instanceDir,
          },
        },
      );
    },

    instanceDir: (instanceId) => member(instanceId).layout.instanceDir,
    envFilePath: (instanceId) => member(instanceId).layout.envFile,
    stateDir: (instanceId) => member(instanceId).layout.stateDir,
    healthUrl,

    async runningFingerprint(instanceId, key = 'HF_TOKEN') {
      try {
        const value = await readContainerVariable(member(instanceId).layout.port, key);
        return value === undefined ? null : fingerprintOf(value);
      } catch {
        return null;
      }
    },

    setOnline(instanceId, online) {
      member(instanceId).online = online;
    },

    setFaults(instanceId, faults) {
      const { instanceDir } = member(instanceId).layout;
      writeInstanceConfig(instanceDir, { ...readInstanceConfig(instanceDir), faults: { ...faults } });
    },

    argvLogs() {
      return Object.fromEntries([...members.keys()].map((instanceId) => [instanceId, readArgvLog(member(instanceId).layout.instanceDir)]));
    },

    async stop() {
      await Promise.all(
        [...members.values()]
          .filter((candidate) => containerPid(candidate.layout.instanceDir) !== undefined)
          .map((candidate) => stopContainer(candidate.layout.instanceDir, 0)),
      );
    },
  };
}
