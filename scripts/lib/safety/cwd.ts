/**
 * The directory the user ran the command from. npm runs scripts in the package root and passes
 * the user's directory as INIT_CWD: paths on the command line are relative to that, as the user
 * typed them, not to the repository root.
 */
import path from 'node:path';

export function userCwd(env: NodeJS.ProcessEnv = process.env, script: string | undefined = process.argv[1]): string {
  // only when npm started this very script (npm run validate), not a process that inherited npm's
  // environment from another script (npm test running the commands)
  const ranByNpm = Boolean(env.INIT_CWD && script && env.npm_lifecycle_script?.includes(path.basename(script)));
  return ranByNpm ? (env.INIT_CWD as string) : process.cwd();
}

/** A path from the command line, absolute. */
export function fromUser(p: string): string {
  return path.resolve(userCwd(), p);
}

/** --root as given (relative to the user's directory), else the current directory (npm: the package root). */
export function rootFrom(root: string | undefined): string {
  return root === undefined ? process.cwd() : fromUser(root);
}
