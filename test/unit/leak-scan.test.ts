import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateToken } from '../../local/tokens.js';
import { scanFiles, scanTexts } from '../helpers/leak-scan.js';

describe('leak scan', () => {
  it('finds a token in captured text', () => {
    const token = generateToken();

    expect(scanTexts(token, { log: `value=${token}`, clean: 'nothing' })).toEqual([{ where: 'log' }]);
  });

  it('finds a token in a file but not in allowed ones', () => {
    const token = generateToken();
    const dir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
    writeFileSync(join(dir, '.env'), `HF_TOKEN=${token}\n`);
    writeFileSync(join(dir, 'debug.txt'), token);

    const leaks = scanFiles(token, dir, (path) => path.endsWith('/.env'));

    rmSync(dir, { recursive: true });
    expect(leaks).toEqual([{ where: join(dir, 'debug.txt') }]);
  });

  it('generates tokens of the Hub shape', () => {
    expect(generateToken()).toMatch(/^hf_[A-Za-z0-9]{34}$/);
  });
});
