/**
 * The built-in kinds builtin.ts validates: for each apiVersion, [kind, kubernetes-models schema
 * module (kubernetes-models/_schemas/<name>.js, the compiled validator its per-kind class uses),
 * @kubernetes/client-node model (dist/gen/models/<name>.js, its attribute map drives the
 * unknown-field walk; undefined when client-node no longer ships that version)].
 *
 * Derived from the installed packages: every kind module kubernetes-models 4.5 ships under
 * <group>/<version>/<Kind>.js (class statics apiVersion/kind + setValidateFunc(schema)), paired with
 * the client-node model named <Version><Kind>, or <Group><Version><Kind> where the generator prefixed
 * the name to resolve a collision (CoreV1Event / EventsV1Event). Kept: every GA version, plus the
 * flowcontrol betas still served after 1.27. Left out: apiVersions no Kubernetes ≥ 1.27 serves
 * (extensions/v1beta1, apps/v1beta1, policy/v1beta1, ...; see removed.ts), so they meet an
 * unknown-kind error instead of a silent pass. tests/schema-builtin.test.ts re-derives the table
 * from node_modules and fails when a package upgrade makes it drift.
 */
export type BuiltinRow = readonly [kind: string, schema: string, model: string | undefined];

export const BUILTIN_TABLE: Readonly<Record<string, readonly BuiltinRow[]>> = {
  v1: [
    ['Binding', 'IoK8sApiCoreV1Binding', 'V1Binding'],
    ['ComponentStatus', 'IoK8sApiCoreV1ComponentStatus', 'V1ComponentStatus'],
    ['ComponentStatusList', 'IoK8sApiCoreV1ComponentStatusList', 'V1ComponentStatusList'],
    ['ConfigMap', 'IoK8sApiCoreV1ConfigMap', 'V1ConfigMap'],
    ['ConfigMapList', 'IoK8sApiCoreV1ConfigMapList', 'V1ConfigMapList'],
    ['Endpoints', 'IoK8sApiCoreV1Endpoints', 'V1Endpoints'],
    ['EndpointsList', 'IoK8sApiCoreV1EndpointsList', 'V1EndpointsList'],
    ['Event', 'IoK8sApiCoreV1Event', 'CoreV1Event'],
    ['EventList', 'IoK8sApiCoreV1EventList', 'CoreV1EventList'],
    ['LimitRange', 'IoK8sApiCoreV1LimitRange', 'V1LimitRange'],
    ['LimitRangeList', 'IoK8sApiCoreV1LimitRangeList', 'V1LimitRangeList'],
    ['Namespace', 'IoK8sApiCoreV1Namespace', 'V1Namespace'],
    ['NamespaceList', 'IoK8sApiCoreV1NamespaceList', 'V1NamespaceList'],
    ['Node', 'IoK8sApiCoreV1Node', 'V1Node'],
    ['NodeList', 'IoK8sApiCoreV1NodeList', 'V1NodeList'],
    ['PersistentVolume', 'IoK8sApiCoreV1PersistentVolume', 'V1PersistentVolume'],
    ['PersistentVolumeClaim', 'IoK8sApiCoreV1PersistentVolumeClaim', 'V1PersistentVolumeClaim'],
    ['PersistentVolumeClaimList', 'IoK8sApiCoreV1PersistentVolumeClaimList', 'V1PersistentVolumeClaimList'],
    ['PersistentVolumeList', 'IoK8sApiCoreV1PersistentVolumeList', 'V1PersistentVolumeList'],
    ['Pod', 'IoK8sApiCoreV1Pod', 'V1Pod'],
    ['PodList', 'IoK8sApiCoreV1PodList', 'V1PodList'],
    ['PodTemplate', 'IoK8sApiCoreV1PodTemplate', 'V1PodTemplate'],
    ['PodTemplateList', 'IoK8sApiCoreV1PodTemplateList', 'V1PodTemplateList'],
    ['ReplicationController', 'IoK8sApiCoreV1ReplicationController', 'V1ReplicationController'],
    ['ReplicationControllerList', 'IoK8sApiCoreV1ReplicationControllerList', 'V1ReplicationControllerList'],
    ['ResourceQuota', 'IoK8sApiCoreV1ResourceQuota', 'V1ResourceQuota'],
    ['ResourceQuotaList', 'IoK8sApiCoreV1ResourceQuotaList', 'V1ResourceQuotaList'],
    ['Secret', 'IoK8sApiCoreV1Secret', 'V1Secret'],
    ['SecretList', 'IoK8sApiCoreV1SecretList', 'V1SecretList'],
    ['Service', 'IoK8sApiCoreV1Service', 'V1Service'],
    ['ServiceAccount', 'IoK8sApiCoreV1ServiceAccount', 'V1ServiceAccount'],
    ['ServiceAccountList', 'IoK8sApiCoreV1ServiceAccountList', 'V1ServiceAccountList'],
    ['ServiceList', 'IoK8sApiCoreV1ServiceList', 'V1ServiceList'],
  ],
  'admissionregistration.k8s.io/v1': [
    [
      'MutatingWebhookConfiguration',
      'IoK8sApiAdmissionregistrationV1MutatingWebhookConfiguration',
      'V1MutatingWebhookConfiguration',
    ],
    [
      'MutatingWebhookConfigurationList',
      'IoK8sApiAdmissionregistrationV1MutatingWebhookConfigurationList',
      'V1MutatingWebhookConfigurationList',
    ],
    [
      'ValidatingAdmissionPolicy',
      'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicy',
      'V1ValidatingAdmissionPolicy',
    ],
    [
      'ValidatingAdmissionPolicyBinding',
      'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyBinding',
      'V1ValidatingAdmissionPolicyBinding',
    ],
    [
      'ValidatingAdmissionPolicyBindingList',
      'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyBindingList',
      'V1ValidatingAdmissionPolicyBindingList',
    ],
    [
      'ValidatingAdmissionPolicyList',
      'IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyList',
      'V1ValidatingAdmissionPolicyList',
    ],
    [
      'ValidatingWebhookConfiguration',
      'IoK8sApiAdmissionregistrationV1ValidatingWebhookConfiguration',
      'V1ValidatingWebhookConfiguration',
    ],
    [
      'ValidatingWebhookConfigurationList',
      'IoK8sApiAdmissionregistrationV1ValidatingWebhookConfigurationList',
      'V1ValidatingWebhookConfigurationList',
    ],
  ],
  'apiextensions.k8s.io/v1': [
    [
      'CustomResourceDefinition',
      'IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinition',
      'V1CustomResourceDefinition',
    ],
    [
      'CustomResourceDefinitionList',
      'IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinitionList',
      'V1CustomResourceDefinitionList',
    ],
  ],
  'apiregistration.k8s.io/v1': [
    ['APIService', 'IoK8sKubeAggregatorPkgApisApiregistrationV1APIService', 'V1APIService'],
    ['APIServiceList', 'IoK8sKubeAggregatorPkgApisApiregistrationV1APIServiceList', 'V1APIServiceList'],
  ],
  'apps/v1': [
    ['ControllerRevision', 'IoK8sApiAppsV1ControllerRevision', 'V1ControllerRevision'],
    ['ControllerRevisionList', 'IoK8sApiAppsV1ControllerRevisionList', 'V1ControllerRevisionList'],
    ['DaemonSet', 'IoK8sApiAppsV1DaemonSet', 'V1DaemonSet'],
    ['DaemonSetList', 'IoK8sApiAppsV1DaemonSetList', 'V1DaemonSetList'],
    ['Deployment', 'IoK8sApiAppsV1Deployment', 'V1Deployment'],
    ['DeploymentList', 'IoK8sApiAppsV1DeploymentList', 'V1DeploymentList'],
    ['ReplicaSet', 'IoK8sApiAppsV1ReplicaSet', 'V1ReplicaSet'],
    ['ReplicaSetList', 'IoK8sApiAppsV1ReplicaSetList', 'V1ReplicaSetList'],
    ['StatefulSet', 'IoK8sApiAppsV1StatefulSet', 'V1StatefulSet'],
    ['StatefulSetList', 'IoK8sApiAppsV1StatefulSetList', 'V1StatefulSetList'],
  ],
  'authentication.k8s.io/v1': [
    ['SelfSubjectReview', 'IoK8sApiAuthenticationV1SelfSubjectReview', 'V1SelfSubjectReview'],
    ['TokenRequest', 'IoK8sApiAuthenticationV1TokenRequest', 'AuthenticationV1TokenRequest'],
    ['TokenReview', 'IoK8sApiAuthenticationV1TokenReview', 'V1TokenReview'],
  ],
  'authorization.k8s.io/v1': [
    ['LocalSubjectAccessReview', 'IoK8sApiAuthorizationV1LocalSubjectAccessReview', 'V1LocalSubjectAccessReview'],
    ['SelfSubjectAccessReview', 'IoK8sApiAuthorizationV1SelfSubjectAccessReview', 'V1SelfSubjectAccessReview'],
    ['SelfSubjectRulesReview', 'IoK8sApiAuthorizationV1SelfSubjectRulesReview', 'V1SelfSubjectRulesReview'],
    ['SubjectAccessReview', 'IoK8sApiAuthorizationV1SubjectAccessReview', 'V1SubjectAccessReview'],
  ],
  'autoscaling/v1': [
    ['HorizontalPodAutoscaler', 'IoK8sApiAutoscalingV1HorizontalPodAutoscaler', 'V1HorizontalPodAutoscaler'],
    [
      'HorizontalPodAutoscalerList',
      'IoK8sApiAutoscalingV1HorizontalPodAutoscalerList',
      'V1HorizontalPodAutoscalerList',
    ],
    ['Scale', 'IoK8sApiAutoscalingV1Scale', 'V1Scale'],
  ],
  'autoscaling/v2': [
    ['HorizontalPodAutoscaler', 'IoK8sApiAutoscalingV2HorizontalPodAutoscaler', 'V2HorizontalPodAutoscaler'],
    [
      'HorizontalPodAutoscalerList',
      'IoK8sApiAutoscalingV2HorizontalPodAutoscalerList',
      'V2HorizontalPodAutoscalerList',
    ],
  ],
  'batch/v1': [
    ['CronJob', 'IoK8sApiBatchV1CronJob', 'V1CronJob'],
    ['CronJobList', 'IoK8sApiBatchV1CronJobList', 'V1CronJobList'],
    ['Job', 'IoK8sApiBatchV1Job', 'V1Job'],
    ['JobList', 'IoK8sApiBatchV1JobList', 'V1JobList'],
  ],
  'certificates.k8s.io/v1': [
    ['CertificateSigningRequest', 'IoK8sApiCertificatesV1CertificateSigningRequest', 'V1CertificateSigningRequest'],
    [
      'CertificateSigningRequestList',
      'IoK8sApiCertificatesV1CertificateSigningRequestList',
      'V1CertificateSigningRequestList',
    ],
  ],
  'coordination.k8s.io/v1': [
    ['Lease', 'IoK8sApiCoordinationV1Lease', 'V1Lease'],
    ['LeaseList', 'IoK8sApiCoordinationV1LeaseList', 'V1LeaseList'],
  ],
  'discovery.k8s.io/v1': [
    ['EndpointSlice', 'IoK8sApiDiscoveryV1EndpointSlice', 'V1EndpointSlice'],
    ['EndpointSliceList', 'IoK8sApiDiscoveryV1EndpointSliceList', 'V1EndpointSliceList'],
  ],
  'events.k8s.io/v1': [
    ['Event', 'IoK8sApiEventsV1Event', 'EventsV1Event'],
    ['EventList', 'IoK8sApiEventsV1EventList', 'EventsV1EventList'],
  ],
  'flowcontrol.apiserver.k8s.io/v1': [
    ['FlowSchema', 'IoK8sApiFlowcontrolV1FlowSchema', 'V1FlowSchema'],
    ['FlowSchemaList', 'IoK8sApiFlowcontrolV1FlowSchemaList', 'V1FlowSchemaList'],
    ['PriorityLevelConfiguration', 'IoK8sApiFlowcontrolV1PriorityLevelConfiguration', 'V1PriorityLevelConfiguration'],
    [
      'PriorityLevelConfigurationList',
      'IoK8sApiFlowcontrolV1PriorityLevelConfigurationList',
      'V1PriorityLevelConfigurationList',
    ],
  ],
  'flowcontrol.apiserver.k8s.io/v1beta2': [
    ['FlowSchema', 'IoK8sApiFlowcontrolV1beta2FlowSchema', undefined],
    ['FlowSchemaList', 'IoK8sApiFlowcontrolV1beta2FlowSchemaList', undefined],
    ['PriorityLevelConfiguration', 'IoK8sApiFlowcontrolV1beta2PriorityLevelConfiguration', undefined],
    ['PriorityLevelConfigurationList', 'IoK8sApiFlowcontrolV1beta2PriorityLevelConfigurationList', undefined],
  ],
  'flowcontrol.apiserver.k8s.io/v1beta3': [
    ['FlowSchema', 'IoK8sApiFlowcontrolV1beta3FlowSchema', 'V1beta3FlowSchema'],
    ['FlowSchemaList', 'IoK8sApiFlowcontrolV1beta3FlowSchemaList', 'V1beta3FlowSchemaList'],
    [
      'PriorityLevelConfiguration',
      'IoK8sApiFlowcontrolV1beta3PriorityLevelConfiguration',
      'V1beta3PriorityLevelConfiguration',
    ],
    [
      'PriorityLevelConfigurationList',
      'IoK8sApiFlowcontrolV1beta3PriorityLevelConfigurationList',
      'V1beta3PriorityLevelConfigurationList',
    ],
  ],
  'networking.k8s.io/v1': [
    ['Ingress', 'IoK8sApiNetworkingV1Ingress', 'V1Ingress'],
    ['IngressClass', 'IoK8sApiNetworkingV1IngressClass', 'V1IngressClass'],
    ['IngressClassList', 'IoK8sApiNetworkingV1IngressClassList', 'V1IngressClassList'],
    ['IngressList', 'IoK8sApiNetworkingV1IngressList', 'V1IngressList'],
    ['IPAddress', 'IoK8sApiNetworkingV1IPAddress', 'V1IPAddress'],
    ['IPAddressList', 'IoK8sApiNetworkingV1IPAddressList', 'V1IPAddressList'],
    ['NetworkPolicy', 'IoK8sApiNetworkingV1NetworkPolicy', 'V1NetworkPolicy'],
    ['NetworkPolicyList', 'IoK8sApiNetworkingV1NetworkPolicyList', 'V1NetworkPolicyList'],
    ['ServiceCIDR', 'IoK8sApiNetworkingV1ServiceCIDR', 'V1ServiceCIDR'],
    ['ServiceCIDRList', 'IoK8sApiNetworkingV1ServiceCIDRList', 'V1ServiceCIDRList'],
  ],
  'node.k8s.io/v1': [
    ['RuntimeClass', 'IoK8sApiNodeV1RuntimeClass', 'V1RuntimeClass'],
    ['RuntimeClassList', 'IoK8sApiNodeV1RuntimeClassList', 'V1RuntimeClassList'],
  ],
  'policy/v1': [
    ['Eviction', 'IoK8sApiPolicyV1Eviction', 'V1Eviction'],
    ['PodDisruptionBudget', 'IoK8sApiPolicyV1PodDisruptionBudget', 'V1PodDisruptionBudget'],
    ['PodDisruptionBudgetList', 'IoK8sApiPolicyV1PodDisruptionBudgetList', 'V1PodDisruptionBudgetList'],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['ClusterRole', 'IoK8sApiRbacV1ClusterRole', 'V1ClusterRole'],
    ['ClusterRoleBinding', 'IoK8sApiRbacV1ClusterRoleBinding', 'V1ClusterRoleBinding'],
    ['ClusterRoleBindingList', 'IoK8sApiRbacV1ClusterRoleBindingList', 'V1ClusterRoleBindingList'],
    ['ClusterRoleList', 'IoK8sApiRbacV1ClusterRoleList', 'V1ClusterRoleList'],
    ['Role', 'IoK8sApiRbacV1Role', 'V1Role'],
    ['RoleBinding', 'IoK8sApiRbacV1RoleBinding', 'V1RoleBinding'],
    ['RoleBindingList', 'IoK8sApiRbacV1RoleBindingList', 'V1RoleBindingList'],
    ['RoleList', 'IoK8sApiRbacV1RoleList', 'V1RoleList'],
  ],
  'scheduling.k8s.io/v1': [
    ['PriorityClass', 'IoK8sApiSchedulingV1PriorityClass', 'V1PriorityClass'],
    ['PriorityClassList', 'IoK8sApiSchedulingV1PriorityClassList', 'V1PriorityClassList'],
  ],
  'storage.k8s.io/v1': [
    ['CSIDriver', 'IoK8sApiStorageV1CSIDriver', 'V1CSIDriver'],
    ['CSIDriverList', 'IoK8sApiStorageV1CSIDriverList', 'V1CSIDriverList'],
    ['CSINode', 'IoK8sApiStorageV1CSINode', 'V1CSINode'],
    ['CSINodeList', 'IoK8sApiStorageV1CSINodeList', 'V1CSINodeList'],
    ['CSIStorageCapacity', 'IoK8sApiStorageV1CSIStorageCapacity', 'V1CSIStorageCapacity'],
    ['CSIStorageCapacityList', 'IoK8sApiStorageV1CSIStorageCapacityList', 'V1CSIStorageCapacityList'],
    ['StorageClass', 'IoK8sApiStorageV1StorageClass', 'V1StorageClass'],
    ['StorageClassList', 'IoK8sApiStorageV1StorageClassList', 'V1StorageClassList'],
    ['VolumeAttachment', 'IoK8sApiStorageV1VolumeAttachment', 'V1VolumeAttachment'],
    ['VolumeAttachmentList', 'IoK8sApiStorageV1VolumeAttachmentList', 'V1VolumeAttachmentList'],
  ],
};

/**
 * Cluster-scoped built-in kinds, by group ('' = core) and kind, across versions; everything else
 * built in is namespaced. Includes kinds newer than the table (DeviceClass, VolumeAttributesClass,
 * ...) so scope answers stay right when a schema is missing.
 */
export const CLUSTER_SCOPED: Readonly<Record<string, readonly string[]>> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'authentication.k8s.io': ['TokenReview', 'SelfSubjectReview'],
  'authorization.k8s.io': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  extensions: ['PodSecurityPolicy'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  policy: ['PodSecurityPolicy'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice', 'DeviceTaintRule'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
};
