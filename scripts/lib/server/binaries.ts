/**
 * Where the control plane of `validate --server` comes from: kube-apiserver and etcd built by
 * tools/kube-apiserver/install.sh from the Go modules in tools/, cached by version. The pinned
 * versions are read from those go.mod files, the single source the install script reads too.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOL_ROOT } from '../paths.js';
import { ToolError } from '../errors.js';

/** This checkout's tools/ folder (the binaries belong to the code, not to the --root being validated). */
export const TOOLS_DIR = path.join(TOOL_ROOT, 'tools');

export const INSTALL_HINT =
  'run tools/kube-apiserver/install.sh (builds them from the Go module proxy once, about 8 CPU-minutes; needs Go)';

export interface ControlPlaneBinaries {
  readonly kubeApiserver: string;
  readonly etcd: string;
  /** "v1.35.4" */
  readonly kubeVersion: string;
  /** "v3.6.6" */
  readonly etcdVersion: string;
}

/** The version a go.mod requires of a module ("require M vX" or a line "M vX" of a require block). */
export function requiredVersion(goMod: string, module: string): string {
  const text = readFileSync(goMod, 'utf8');
  const m = new RegExp(`^(?:require\\s+)?\\s*${module.replace(/[.\\/]/g, '\\$&')}\\s+(v\\S+)`, 'm').exec(text);
  if (!m) throw new ToolError(`${goMod}: no require line for ${module} (expected the pinned version there)`);
  return m[1] as string;
}

/** $ZARISH_HIS_CACHE, else $XDG_CACHE_HOME/zarish-his, else ~/.cache/zarish-his: as install.sh. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZARISH_HIS_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'zarish-his');
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The pinned versions, whether or not they are installed. */
export function pinnedControlPlane(): { kubeVersion: string; etcdVersion: string } {
  return {
    kubeVersion: requiredVersion(path.join(TOOLS_DIR, 'kube-apiserver', 'go.mod'), 'k8s.io/kubernetes'),
    etcdVersion: requiredVersion(path.join(TOOLS_DIR, 'etcd', 'go.mod'), 'go.etcd.io/etcd/server/v3'),
  };
}

/**
 * The installed binaries, or a one-line ToolError saying how to get them. $ZARISH_KUBE_APISERVER
 * and $ZARISH_ETCD override the cache (a binary of another version is the user's choice).
 */
export function findControlPlane(env: NodeJS.ProcessEnv = process.env): ControlPlaneBinaries {
  const { kubeVersion, etcdVersion } = pinnedControlPlane();
  const bin = path.join(cacheDir(env), 'bin');
  const kubeApiserver = env.ZARISH_KUBE_APISERVER || path.join(bin, `kube-apiserver-${kubeVersion}`);
  const etcd = env.ZARISH_ETCD || path.join(bin, `etcd-${etcdVersion}`);
  const missing = [kubeApiserver, etcd].filter((f) => !executable(f));
  if (missing.length > 0) {
    throw new ToolError(
      `--server needs kube-apiserver ${kubeVersion} and etcd ${etcdVersion}; ` +
        `not found: ${missing.join(', ')} (${INSTALL_HINT})`,
    );
  }
  return { kubeApiserver, etcd, kubeVersion, etcdVersion };
}
