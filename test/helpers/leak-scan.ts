import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A place where a secret was found: a label for captured text, or a file path. */
export interface Leak {
  where: string;
}

/** Returns the captured texts (label -> text) that contain the secret. */
export function scanTexts(secret: string, texts: Record<string, string>): Leak[] {
  return Object.entries(texts)
    .filter(([, text]) => text.includes(secret))
    .map(([where]) => ({ where }));
}

/**
 * Returns every file under `root` that contains the secret, except the allowed paths (the
 * `.env` files and their backups). Symbolic links are not followed.
 */
export function scanFiles(secret: string, root: string, allowed: (path: string) => boolean): Leak[] {
  const leaks: Leak[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && !allowed(resolve(path)) && readFileSync(path).includes(secret)) leaks.push({ where: path });
    }
  };
  walk(root);
  return leaks;
}
