// A minimal SSM endpoint on 127.0.0.1 for the script and fleet tests. It serves GetParameter and
// PutInventory over the AWS JSON 1.1 protocol (X-Amz-Target: AmazonSSM.<Operation>) from state
// kept in memory, including `name:version` and `name:label` selectors, and can deny requests the
// way IAM or KMS does. It keeps these tests independent of the full local endpoint in local/aws/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored version of a parameter. */
export interface FakeParameterVersion {
  value: string;
  labels?: string[];
}

/** One PutInventory item as the request carries it. */
export interface FakeInventoryItem {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  Content?: Array<Record<string, string>>;
}

export interface FakeSsm {
  /** Endpoint URL for AWS_ENDPOINT_URL. */
  url: string;
  /** Stores a new version and returns its number (1, 2, ...). */
  putVersion(name: string, value: string, labels?: string[]): number;
  /** Moves a label to the given version. */
  label(name: string, version: number, label: string): void;
  /** When set, every request fails with AccessDeniedException. */
  denyAll: boolean;
  /** When set, GetParameter with decryption fails as it does when the caller may not use the KMS key. */
  denyDecrypt: boolean;
  /** When set, PutInventory fails with this error code. */
  inventoryError: string | undefined;
  /** Names (with selector) of every GetParameter request, oldest first. */
  requests: string[];
  /** Items of every accepted PutInventory request per instance id, oldest first. */
  inventory: Map<string, FakeInventoryItem[][]>;
  close(): Promise<void>;
}

interface AwsError {
  status: number;
  type: string;
  message: string;
}

/** Starts the endpoint on a free 127.0.0.1 port. */
export async function startFakeSsm(): Promise<FakeSsm> {
  const parameters = new Map<string, FakeParameterVersion[]>();

  const getParameter = (input: { Name?: string; WithDecryption?: boolean }): object | AwsError => {
    const requested = input.Name ?? '';
    const colon = requested.lastIndexOf(':');
    const name = colon === -1 ? requested : requested.slice(0, colon);
    const selector = colon === -1 ? undefined : requested.slice(colon + 1);
    const versions = parameters.get(name);
    if (!versions) return { status: 400, type: 'ParameterNotFound', message: `Parameter ${name} not found.` };

    let index = versions.length - 1;
    if (selector !== undefined && /^\d+$/.test(selector)) {
      index = Number(selector) - 1;
      if (index < 0 || index >= versions.length) {
        return { status: 400, type: 'ParameterVersionNotFound', message: `Version ${selector} of the parameter ${name} does not exist.` };
      }
    } else if (selector !== undefined) {
      index = versions.findIndex((version) => version.labels?.includes(selector));
      if (index === -1) return { status: 400, type: 'ParameterNotFound', message: `Parameter ${requested} not found.` };
    }
    const version = versions[index]!;
    return {
      Parameter: {
        Name: name,
        Type: 'SecureString',
        Value: input.WithDecryption ? version.value : 'AQICAHiSimulatedCiphertext==',
        Version: index + 1,
        Selector: selector === undefined ? undefined : `:${selector}`,
        LastModifiedDate: 1764800000,
        ARN: `arn:aws:ssm:eu-central-1:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`,
        DataType: 'text',
      },
    };
  };

  const fake: Omit<FakeSsm, 'url' | 'close'> = {
    denyAll: false,
    denyDecrypt: false,
    inventoryError: undefined,
    requests: [],
    inventory: new Map(),
    putVersion(name, value, labels = []) {
      const versions = parameters.get(name) ?? [];
      versions.push({ value, labels: [...labels] });
      parameters.set(name, versions);
      return versions.length;
    },
    label(name, version, label) {
      const versions = parameters.get(name) ?? [];
      for (const candidate of versions) candidate.labels = (candidate.labels ?? []).filter((existing) => existing !== label);
      const target = versions[version - 1];
      if (!target) throw new Error(`version ${version} of ${name} does not exist`);
      target.labels = [...(target.labels ?? []), label];
    },
  };

  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const reply = (status: number, payload: object): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      };
      const fail = (error: AwsError): void => {
        response.setHeader('x-amzn-ErrorType', error.type);
        reply(error.status, { __type: error.type, message: error.message });
      };

      const target = request.headers['x-amz-target'];
      if (target === 'AmazonSSM.PutInventory') {
        const input = JSON.parse(body || '{}') as { InstanceId?: string; Items?: FakeInventoryItem[] };
        if (fake.denyAll || fake.inventoryError !== undefined) {
          const type = fake.inventoryError ?? 'AccessDeniedException';
          fail({ status: 400, type, message: `PutInventory for ${input.InstanceId ?? ''} failed with ${type} (simulated).` });
          return;
        }
        const reports = fake.inventory.get(input.InstanceId ?? '') ?? [];
        reports.push(input.Items ?? []);
        fake.inventory.set(input.InstanceId ?? '', reports);
        reply(200, { Message: '' });
        return;
      }
      if (target !== 'AmazonSSM.GetParameter') {
        fail({ status: 400, type: 'UnknownOperationException', message: `Operation ${String(target)} is not simulated.` });
        return;
      }
      const input = JSON.parse(body || '{}') as { Name?: string; WithDecryption?: boolean };
      fake.requests.push(input.Name ?? '');
      if (fake.denyAll) {
        fail({
          status: 400,
          type: 'AccessDeniedException',
          message: `User: arn:aws:sts::123456789012:assumed-role/whisperx-instance/i-0test is not authorized to perform: ssm:GetParameter on resource: ${input.Name ?? ''}`,
        });
        return;
      }
      if (fake.denyDecrypt && input.WithDecryption) {
        // NOTE: modelled on the message SSM returns when KMS denies the decrypt. The wording
        // varies, so the script relies only on the error code and the word KMS.
        fail({
          status: 400,
          type: 'AccessDeniedException',
          message:
            'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. ' +
            '(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
        });
        return;
      }
      const result = getParameter(input);
      if ('type' in result) fail(result as AwsError);
      else reply(200, result);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
