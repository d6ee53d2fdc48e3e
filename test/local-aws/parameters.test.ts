import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterVersionNotFound,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAgent, generateToken, startTestEndpoint, type TestEndpoint } from './helpers.js';

const NAME = '/whisperx/hf_token';
let endpoint: TestEndpoint;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([]));
});
afterEach(async () => {
  await endpoint.close();
});

async function putToken(value: string, overwrite = true): Promise<number | undefined> {
  const output = await endpoint.ssm.send(
    new PutParameterCommand({ Name: NAME, Value: value, Type: 'SecureString', Overwrite: overwrite, Description: 'token' }),
  );
  return output.Version;
}

describe('PutParameter', () => {
  it('increments versions', async () => {
    const first = await putToken(generateToken());
    const second = await putToken(generateToken());

    expect(first).toBe(1);
    expect(second).toBe(2);
  });

  it('rejects existing name without overwrite', async () => {
    await putToken(generateToken());

    const attempt = putToken(generateToken(), false);

    await expect(attempt).rejects.toBeInstanceOf(ParameterAlreadyExists);
  });

  it('creates new name without overwrite', async () => {
    const version = await putToken(generateToken(), false);

    expect(version).toBe(1);
  });

  it('keeps existing version after rejected claim', async () => {
    await endpoint.ssm.send(new PutParameterCommand({ Name: '/claims/7', Value: 'claimed', Type: 'String' }));

    await expect(endpoint.ssm.send(new PutParameterCommand({ Name: '/claims/7', Value: 'again', Type: 'String' }))).rejects.toBeInstanceOf(
      ParameterAlreadyExists,
    );
    const current = await endpoint.ssm.send(new GetParameterCommand({ Name: '/claims/7' }));

    expect(current.Parameter?.Value).toBe('claimed');
    expect(current.Parameter?.Version).toBe(1);
  });

  it('rejects missing type on create', async () => {
    const attempt = endpoint.ssm.send(new PutParameterCommand({ Name: '/new', Value: 'x' }));

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('rejects value over standard tier limit', async () => {
    const attempt = endpoint.ssm.send(new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String' }));

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps token out of error messages', async () => {
    const token = generateToken();

    const error = await endpoint.ssm
      .send(new PutParameterCommand({ Name: '/p', Value: token, Type: 'String', AllowedPattern: '^[0-9]+$' }))
      .catch((caught: Error) => caught);

    expect(error).toMatchObject({ name: 'ParameterPatternMismatchException' });
    expect((error as Error).message).not.toContain(token);
  });
});

describe('GetParameter', () => {
  it('returns latest version without selector', async () => {
    await putToken(generateToken());
    const latest = generateToken();
    await putToken(latest);

    const output = await endpoint.ssm.send(new GetParameterCommand({ Name: NAME, WithDecryption: true }));

    expect(output.Parameter?.Value).toBe(latest);
    expect(output.Parameter?.Version).toBe(2);
    expect(output.Parameter?.Selector).toBeUndefined();
    expect(output.Parameter?.ARN).toBe('arn:aws:ssm:eu-central-1:123456789012:parameter/whisperx/hf_token');
    expect(output.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('returns selected version', async () => {
    const first = generateToken();
    await putToken(first);
    await putToken(generateToken());

    const output = await endpoint.ssm.send(new GetParameterCommand({ Name: `${NAME}:1`, WithDecryption: true }));

    expect(output.Parameter?.Value).toBe(first);
    expect(output.Parameter?.Version).toBe(1);
    expect(output.Parameter?.Selector).toBe(':1');
    expect(output.Parameter?.Name).toBe(NAME);
  });

  it('returns labeled version', async () => {
    const first = generateToken();
    await putToken(first);
    await putToken(generateToken());
    await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion: 1, Labels: ['desired'] }));

    const output = await endpoint.ssm.send(new GetParameterCommand({ Name: `${NAME}:desired`, WithDecryption: true }));

    expect(output.Parameter?.Value).toBe(first);
    expect(output.Parameter?.Selector).toBe(':desired');
  });

  it('accepts parameter ARN', async () => {
    const token = generateToken();
    await putToken(token);

    const output = await endpoint.ssm.send(
      new GetParameterCommand({ Name: 'arn:aws:ssm:eu-central-1:123456789012:parameter/whisperx/hf_token', WithDecryption: true }),
    );

    expect(output.Parameter?.Value).toBe(token);
  });

  it('hides SecureString without decryption', async () => {
    const token = generateToken();
    await putToken(token);

    const output = await endpoint.ssm.send(new GetParameterCommand({ Name: NAME }));

    expect(output.Parameter?.Value).toBeTypeOf('string');
    expect(output.Parameter?.Value).not.toContain(token);
    expect(output.Parameter?.Value).not.toContain(token.slice(3, 15));
  });

  it('raises ParameterNotFound for unknown name', async () => {
    const attempt = endpoint.ssm.send(new GetParameterCommand({ Name: '/missing' }));

    await expect(attempt).rejects.toBeInstanceOf(ParameterNotFound);
  });

  it('raises ParameterVersionNotFound for unknown version', async () => {
    await putToken(generateToken());

    const attempt = endpoint.ssm.send(new GetParameterCommand({ Name: `${NAME}:9` }));

    await expect(attempt).rejects.toBeInstanceOf(ParameterVersionNotFound);
  });

  it('raises ParameterNotFound for unknown label', async () => {
    await putToken(generateToken());

    const attempt = endpoint.ssm.send(new GetParameterCommand({ Name: `${NAME}:deployed` }));

    await expect(attempt).rejects.toBeInstanceOf(ParameterNotFound);
  });
});

describe('GetParameters', () => {
  it('lists unknown names as invalid', async () => {
    await putToken(generateToken());

    const output = await endpoint.ssm.send(new GetParametersCommand({ Names: [NAME, '/missing', `${NAME}:5`] }));

    expect(output.Parameters?.map((parameter) => parameter.Name)).toEqual([NAME]);
    expect(output.InvalidParameters).toEqual(['/missing', `${NAME}:5`]);
  });
});

describe('LabelParameterVersion', () => {
  it('moves label to new version', async () => {
    await putToken(generateToken());
    await putToken(generateToken());
    await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion: 1, Labels: ['deployed'] }));

    const moved = await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion: 2, Labels: ['deployed'] }));
    const history = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME }));

    expect(moved.ParameterVersion).toBe(2);
    expect(history.Parameters?.map((version) => version.Labels)).toEqual([[], ['deployed']]);
  });

  it('labels latest version by default', async () => {
    await putToken(generateToken());
    await putToken(generateToken());

    const output = await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, Labels: ['desired'] }));

    expect(output.ParameterVersion).toBe(2);
  });

  it('returns invalid labels without failing', async () => {
    await putToken(generateToken());

    const output = await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, Labels: ['1st', 'awsLabel', 'ok_label'] }));

    expect(output.InvalidLabels).toEqual(['1st', 'awsLabel']);
    expect(endpoint.aws.ssm.parameterHistory(NAME)[0]?.labels).toEqual(['ok_label']);
  });

  it('raises ParameterVersionNotFound for unknown version', async () => {
    await putToken(generateToken());

    const attempt = endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, ParameterVersion: 3, Labels: ['desired'] }));

    await expect(attempt).rejects.toBeInstanceOf(ParameterVersionNotFound);
  });
});

describe('GetParameterHistory', () => {
  it('pages through versions', async () => {
    for (let index = 0; index < 5; index += 1) {
      await putToken(generateToken());
    }

    const first = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME, MaxResults: 2 }));
    const second = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME, MaxResults: 2, NextToken: first.NextToken }));
    const third = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME, MaxResults: 2, NextToken: second.NextToken }));

    expect(first.Parameters?.map((version) => version.Version)).toEqual([1, 2]);
    expect(second.Parameters?.map((version) => version.Version)).toEqual([3, 4]);
    expect(third.Parameters?.map((version) => version.Version)).toEqual([5]);
    expect(third.NextToken).toBeUndefined();
  });

  it('decrypts only when asked', async () => {
    const token = generateToken();
    await putToken(token);

    const hidden = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME }));
    const decrypted = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME, WithDecryption: true }));

    expect(hidden.Parameters?.[0]?.Value).not.toBe(token);
    expect(decrypted.Parameters?.[0]?.Value).toBe(token);
  });

  it('rejects token from another request', async () => {
    await putToken(generateToken());
    await putToken(generateToken());
    const first = await endpoint.ssm.send(new GetParameterHistoryCommand({ Name: NAME, MaxResults: 1 }));

    const attempt = endpoint.ssm.send(new DescribeParametersCommand({ NextToken: first.NextToken }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });
});

describe('DeleteParameter', () => {
  it('removes parameter', async () => {
    await putToken(generateToken());

    await endpoint.ssm.send(new DeleteParameterCommand({ Name: NAME }));

    await expect(endpoint.ssm.send(new GetParameterCommand({ Name: NAME }))).rejects.toBeInstanceOf(ParameterNotFound);
  });

  it('raises ParameterNotFound for unknown name', async () => {
    const attempt = endpoint.ssm.send(new DeleteParameterCommand({ Name: '/missing' }));

    await expect(attempt).rejects.toBeInstanceOf(ParameterNotFound);
  });
});

describe('DescribeParameters', () => {
  it('filters by name equals', async () => {
    await putToken(generateToken());
    await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/other', Value: 'x', Type: 'String' }));

    const output = await endpoint.ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [NAME] }] }),
    );

    expect(output.Parameters?.map((parameter) => parameter.Name)).toEqual([NAME]);
    expect(output.Parameters?.[0]?.Version).toBe(1);
    expect(output.Parameters?.[0]?.Type).toBe('SecureString');
    expect(output.Parameters?.[0]?.KeyId).toBe('alias/aws/ssm');
  });

  it('filters by path one level', async () => {
    await putToken(generateToken());
    await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/deep/other', Value: 'x', Type: 'String' }));

    const output = await endpoint.ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/whisperx'] }] }),
    );

    expect(output.Parameters?.map((parameter) => parameter.Name)).toEqual([NAME]);
  });
});

describe('GetParametersByPath', () => {
  async function putClaims(count: number): Promise<void> {
    for (let index = 1; index <= count; index += 1) {
      await endpoint.ssm.send(new PutParameterCommand({ Name: `/rotation/claims/v${String(index).padStart(2, '0')}`, Value: `claimed ${index}`, Type: 'String' }));
    }
  }

  it('lists one level by default', async () => {
    await putClaims(2);
    await endpoint.ssm.send(new PutParameterCommand({ Name: '/rotation/other', Value: 'x', Type: 'String' }));

    const output = await endpoint.ssm.send(new GetParametersByPathCommand({ Path: '/rotation' }));

    expect(output.Parameters?.map((parameter) => parameter.Name)).toEqual(['/rotation/other']);
  });

  it('lists nested names recursively', async () => {
    await putClaims(2);

    const output = await endpoint.ssm.send(new GetParametersByPathCommand({ Path: '/rotation', Recursive: true }));

    expect(output.Parameters?.map((parameter) => parameter.Value)).toEqual(['claimed 1', 'claimed 2']);
  });

  it('pages by ten', async () => {
    await putClaims(12);

    const first = await endpoint.ssm.send(new GetParametersByPathCommand({ Path: '/rotation/claims' }));
    const second = await endpoint.ssm.send(new GetParametersByPathCommand({ Path: '/rotation/claims', NextToken: first.NextToken }));

    expect(first.Parameters).toHaveLength(10);
    expect(second.Parameters?.map((parameter) => parameter.Name)).toEqual(['/rotation/claims/v11', '/rotation/claims/v12']);
    expect(second.NextToken).toBeUndefined();
  });

  it('hides SecureString without decryption', async () => {
    const token = generateToken();
    await putToken(token);

    const output = await endpoint.ssm.send(new GetParametersByPathCommand({ Path: '/whisperx' }));

    expect(output.Parameters?.[0]?.Value).not.toBe(token);
  });
});
