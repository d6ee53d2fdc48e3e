import { describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { generateToken } from '../../local/tokens.js';
import { fingerprint } from '../../shared/token/fingerprint.js';
import { captureIo } from './helpers.js';

// None of these runs reaches AWS: they fail or print help before a client is used.
async function run(argv: string[], env: Record<string, string | undefined> = { LANG: 'C' }) {
  const captured = captureIo({ env });
  const code = await main(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hf-token command line', () => {
  it('prints the overview for --help', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Commands:');
    expect(result.stdout).toContain('Exit codes:');
  });

  it('prints command help for help put', async () => {
    const result = await run(['help', 'put']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--from-env-file PATH');
  });

  it('prints command help for status --help', async () => {
    const result = await run(['status', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('hf-token status [--json]');
  });

  it('lists the exit codes in command help', async () => {
    const result = await run(['rollout', '--help']);

    for (const code of ['0', '1', '2', '3', '4']) expect(result.stdout).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });

  it('exits 2 without a command', async () => {
    const result = await run([]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No command given.');
  });

  it('exits 2 for an unknown command', async () => {
    const result = await run(['deploy']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "deploy"');
  });

  it('exits 2 for an unknown option', async () => {
    const result = await run(['status', '--bogus']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown option --bogus.');
    expect(result.stderr).toContain('hf-token status --help');
  });

  it('rejects an option of another command', async () => {
    const result = await run(['status', '--wait']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--wait');
  });

  it('exits 2 for a missing option value', async () => {
    const result = await run(['status', '--region']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Option --region needs a value.');
  });

  it('exits 2 for an extra argument', async () => {
    const result = await run(['status', 'now']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected argument "now"');
  });

  it('exits 2 for an invalid version', async () => {
    const result = await run(['rollout', '--version', 'latest', '--region', 'eu-central-1']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"latest" is not a parameter version');
  });

  it('exits 2 for an invalid region', async () => {
    const result = await run(['status', '--region', 'Frankfurt']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"Frankfurt" is not an AWS region name');
  });

  it('exits 2 for an invalid tag filter', async () => {
    const result = await run(['status', '--tag', 'HfTokenConsumer']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a valid tag filter');
  });

  it('exits 2 for an unknown --lang', async () => {
    const result = await run(['status', '--lang', 'fr']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--lang must be en or de');
  });

  it('answers in German for --lang de', async () => {
    const result = await run(['deploy', '--lang', 'de']);

    expect(result.stderr).toContain('Unbekannter Befehl "deploy"');
    expect(result.stderr).toContain('hf-token: Fehler:');
  });

  it('answers in German for a de_DE locale', async () => {
    const result = await run(['--help'], { LANG: 'de_DE.UTF-8' });

    expect(result.stdout).toContain('Befehle:');
    expect(result.stdout).toContain('Exit-Codes:');
  });

  it('rejects --env-key without --from-env-file', async () => {
    const result = await run(['put', '--env-key', 'TOKEN', '--region', 'eu-central-1']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--env-key works only together with --from-env-file');
  });

  it('rejects a token argument by fingerprint', async () => {
    const token = generateToken();

    const result = await run(['put', token]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`A token (fingerprint ${fingerprint(token)}) was given on the command line`);
    expect(result.stderr + result.stdout).not.toContain(token);
  });

  it('never repeats a token inside an option', async () => {
    const token = generateToken();

    const result = await run(['status', `--stage=${token}`, '--lang', 'de']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Auf der Befehlszeile steht ein Token');
    expect(result.stderr + result.stdout).not.toContain(token.slice(3));
  });
});
