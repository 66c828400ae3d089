import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The executable's path on PATH, or null: lets `auto` skip an engine that is not installed. */
export function findExecutable(command: string, envPath: string = process.env.PATH ?? ''): string | null {
  if (command.includes('/')) return isExecutable(command) ? command : null;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
