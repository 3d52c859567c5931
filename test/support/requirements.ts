// Suites that need something beyond Node and npm (Chromium, a PostgreSQL server) run where it is
// present. On a fresh machine without it they are skipped with one line naming what to install;
// in CI (env CI set) they always run, so a missing tool fails the build instead of hiding.
import { accessSync, constants } from 'node:fs';

/** Where console lines of skipped suites go (a test passes its own). */
export type Warn = (line: string) => void;

/** Whether the CI variable is set (CI=true, CI=1…; empty, 0 or false count as unset). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return Boolean(value) && value !== '0' && value !== 'false';
}

/**
 * Whether a suite needing something runs: yes when it is present or in CI; otherwise the suite
 * is skipped and `notice` is printed once.
 */
export function requirementMet(
  present: boolean,
  notice: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: Warn = console.warn,
): boolean {
  if (present || inCi(env)) return true;
  warn(notice);
  return false;
}

/** Whether an executable file is at this path. */
export function executableAt(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether the end-to-end suites can launch Chromium at `file` (or must run anyway, in CI). */
export function chromiumRequirement(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: Warn = console.warn,
): boolean {
  return requirementMet(
    executableAt(file),
    `Chromium not found at ${file}: the end-to-end suites are skipped (apt install chromium, or set CHROMIUM_PATH).`,
    env,
    warn,
  );
}

/** The line printed when PostgreSQL does not answer at `url`. */
export function postgresNotice(url: string): string {
  return `PostgreSQL is not reachable at ${url}: the PostgreSQL suites are skipped (apt install postgresql, then createdb test; or set TEST_PG_URL).`;
}
