import type { Rule } from '../../types.js';
import { appArmor } from './apparmor.js';
import { capabilitiesBaseline, capabilitiesRestricted } from './capabilities.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPath } from './host-path.js';
import { hostPorts } from './host-ports.js';
import { hostProcess } from './host-process.js';
import { hostProbes } from './host-probes.js';
import { namespacePsaLabel } from './namespace-psa-label.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { privileged } from './privileged.js';
import { procMount } from './proc-mount.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUser } from './run-as-user.js';
import { seccompBaseline, seccompRestricted } from './seccomp.js';
import { seLinux } from './selinux.js';
import { sysctls } from './sysctls.js';
import { volumeTypes } from './volume-types.js';

/** The security rules, in report order: Pod Security baseline, restricted, then the Namespace labels. */
export const SECURITY_RULES: readonly Rule[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPath,
  hostPorts,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  hostProcess,
  hostProbes,
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
  namespacePsaLabel,
];
