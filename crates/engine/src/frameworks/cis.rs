//! CIS Kubernetes Benchmark v1.10: every item of the control-plane, etcd, control-plane
//! configuration, worker-node and policies sections. IDs and titles follow the benchmark (the
//! "(Automated)/(Manual)" suffix dropped); which rules evaluate them, and the notes, are ours.

use std::borrow::Cow;

use super::{control, partial, r, rules, t, Check, Cite, Control, Framework};

/// On-disk modes and owners are properties of the node, not of any configuration text.
const FILE_ON_NODE: &str = "File permissions and ownership on a node are facts of the running \
    machine; no configuration text shows them.";
/// DF212 reports the feature gate wherever it is switched off.
const GATE: &str = "The feature gate is reported whichever component (controller manager or \
    kubelet) switches it off.";
const RUNTIME: &str = "Depends on how the cluster is run and used, which configuration text \
    does not show.";

const FILES: &str = "Control Plane Node Configuration Files";
const API: &str = "API Server";
const CM: &str = "Controller Manager";
const SCHED: &str = "Scheduler";
const ETCD: &str = "Etcd Node Configuration";
const AUTHN: &str = "Authentication and Authorization";
const LOG: &str = "Logging";
const NODE_FILES: &str = "Worker Node Configuration Files";
const KUBELET: &str = "Kubelet";
const PROXY: &str = "kube-proxy";
const RBAC: &str = "RBAC and Service Accounts";
const PSS: &str = "Pod Security Standards";
const NET: &str = "Network Policies and CNI";
const SECRETS: &str = "Secrets Management";
const ADMISSION: &str = "Extensible Admission Control";
const GENERAL: &str = "General Policies";

static CONTROLS: &[Control] = &[
    control("1.1.1", "Ensure that the API server pod specification file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.2", "Ensure that the API server pod specification file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.3", "Ensure that the controller manager pod specification file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.4", "Ensure that the controller manager pod specification file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.5", "Ensure that the scheduler pod specification file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.6", "Ensure that the scheduler pod specification file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.7", "Ensure that the etcd pod specification file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.8", "Ensure that the etcd pod specification file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.9", "Ensure that the Container Network Interface file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.10", "Ensure that the Container Network Interface file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.11", "Ensure that the etcd data directory permissions are set to 700 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.12", "Ensure that the etcd data directory ownership is set to etcd:etcd", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.13", "Ensure that the default administrative credential file permissions are set to 600", FILES, partial(&[r("LP303"), r("LP304")],
        "Only the mode a configuration asks for is checked (K3s/RKE2 write-kubeconfig-mode, files written by pack values); the mode on the node may differ.")),
    control("1.1.14", "Ensure that the default administrative credential file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.15", "Ensure that the scheduler.conf file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.16", "Ensure that the scheduler.conf file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.17", "Ensure that the controller-manager.conf file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.18", "Ensure that the controller-manager.conf file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.19", "Ensure that the Kubernetes PKI directory and file ownership is set to root:root", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.20", "Ensure that the Kubernetes PKI certificate file permissions are set to 600 or more restrictive", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.1.21", "Ensure that the Kubernetes PKI key file permissions are set to 600", FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("1.2.1", "Ensure that the --anonymous-auth argument is set to false", API, rules(&[r("DF201")])),
    control("1.2.2", "Ensure that the --token-auth-file parameter is not set", API, Check::NoRule("A rule would look for token-auth-file among the API server's flags.")),
    control("1.2.3", "Ensure that the --DenyServiceExternalIPs is set", API, Check::NoRule("A rule would look for DenyServiceExternalIPs in enable-admission-plugins; OB104 flags Services that set externalIPs instead.")),
    control("1.2.4", "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate", API, Check::NoRule("kubeadm and K3s set these themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.5", "Ensure that the --kubelet-certificate-authority argument is set as appropriate", API, rules(&[r("DD211")])),
    control("1.2.6", "Ensure that the --authorization-mode argument is not set to AlwaysAllow", API, rules(&[r("LP301")])),
    control("1.2.7", "Ensure that the --authorization-mode argument includes Node", API, rules(&[t("DD201", "Node")])),
    control("1.2.8", "Ensure that the --authorization-mode argument includes RBAC", API, rules(&[t("DD201", "RBAC")])),
    control("1.2.9", "Ensure that the admission control plugin EventRateLimit is set", API, Check::NoRule("A rule would look for EventRateLimit in enable-admission-plugins.")),
    control("1.2.10", "Ensure that the admission control plugin AlwaysAdmit is not set", API, rules(&[r("DF202")])),
    control("1.2.11", "Ensure that the admission control plugin AlwaysPullImages is set", API, Check::NoRule("A rule would look for AlwaysPullImages in enable-admission-plugins; DS103 checks pull policies of workloads instead.")),
    control("1.2.12", "Ensure that the admission control plugin ServiceAccount is set", API, Check::NoRule("A rule would look for ServiceAccount in disable-admission-plugins.")),
    control("1.2.13", "Ensure that the admission control plugin NamespaceLifecycle is set", API, Check::NoRule("A rule would look for NamespaceLifecycle in disable-admission-plugins.")),
    control("1.2.14", "Ensure that the admission control plugin NodeRestriction is set", API, rules(&[t("DD202", "NodeRestriction")])),
    control("1.2.15", "Ensure that the --profiling argument is set to false", API, rules(&[t("DF203", "kube-apiserver")])),
    control("1.2.16", "Ensure that the --audit-log-path argument is set", API, rules(&[t("DD203", "audit-log-path")])),
    control("1.2.17", "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate", API, rules(&[t("DD206", "audit-log-maxage")])),
    control("1.2.18", "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate", API, rules(&[t("DD206", "audit-log-maxbackup")])),
    control("1.2.19", "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate", API, rules(&[t("DD206", "audit-log-maxsize")])),
    control("1.2.20", "Ensure that the --request-timeout argument is set as appropriate", API, Check::NotCheckable("What timeout is appropriate is a judgement about the cluster's load, not a fixed value.")),
    control("1.2.21", "Ensure that the --service-account-lookup argument is set to true", API, rules(&[r("DF211")])),
    control("1.2.22", "Ensure that the --service-account-key-file argument is set as appropriate", API, Check::NoRule("kubeadm and K3s set this themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.23", "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate", API, Check::NoRule("kubeadm and K3s set these themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.24", "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate", API, Check::NoRule("kubeadm and K3s set these themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.25", "Ensure that the --client-ca-file argument is set as appropriate", API, Check::NoRule("kubeadm and K3s set this themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.26", "Ensure that the --etcd-cafile argument is set as appropriate", API, Check::NoRule("kubeadm and K3s set this themselves; a rule would need to know which installer wrote the flags.")),
    control("1.2.27", "Ensure that the --encryption-provider-config argument is set as appropriate", API, rules(&[r("DD204")])),
    control("1.2.28", "Ensure that encryption providers are appropriately configured", API, partial(&[r("DD210")],
        "The provider order is checked where the EncryptionConfiguration is part of the input; a file referenced only by path is not seen.")),
    control("1.2.29", "Ensure that the API Server only makes use of Strong Cryptographic Ciphers", API, rules(&[t("DF210", "kube-apiserver")])),
    control("1.3.1", "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate", CM, Check::NotCheckable("What threshold is appropriate depends on the cluster's size and churn.")),
    control("1.3.2", "Ensure that the --profiling argument is set to false", CM, rules(&[t("DF203", "kube-controller-manager")])),
    control("1.3.3", "Ensure that the --use-service-account-credentials argument is set to true", CM, rules(&[r("LP305")])),
    control("1.3.4", "Ensure that the --service-account-private-key-file argument is set as appropriate", CM, Check::NoRule("kubeadm and K3s set this themselves; a rule would need to know which installer wrote the flags.")),
    control("1.3.5", "Ensure that the --root-ca-file argument is set as appropriate", CM, Check::NoRule("kubeadm and K3s set this themselves; a rule would need to know which installer wrote the flags.")),
    control("1.3.6", "Ensure that the RotateKubeletServerCertificate argument is set to true", CM, partial(&[t("DF212", "RotateKubeletServerCertificate")], GATE)),
    control("1.3.7", "Ensure that the --bind-address argument is set to 127.0.0.1", CM, Check::NoRule("A rule would look for a bind-address other than loopback among the controller manager's flags.")),
    control("1.4.1", "Ensure that the --profiling argument is set to false", SCHED, rules(&[t("DF203", "kube-scheduler")])),
    control("1.4.2", "Ensure that the --bind-address argument is set to 127.0.0.1", SCHED, Check::NoRule("A rule would look for a bind-address other than loopback among the scheduler's flags.")),
    control("2.1", "Ensure that the --cert-file and --key-file arguments are set as appropriate", ETCD, Check::NoRule("kubeadm and K3s set these themselves; a rule would need to know which installer wrote the flags.")),
    control("2.2", "Ensure that the --client-cert-auth argument is set to true", ETCD, rules(&[t("DD207", "client-cert-auth")])),
    control("2.3", "Ensure that the --auto-tls argument is not set to true", ETCD, Check::NoRule("A rule would look for auto-tls: true among etcd's flags.")),
    control("2.4", "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate", ETCD, Check::NoRule("kubeadm and K3s set these themselves; a rule would need to know which installer wrote the flags.")),
    control("2.5", "Ensure that the --peer-client-cert-auth argument is set to true", ETCD, Check::NoRule("A rule would look for peer-client-cert-auth: false among etcd's flags.")),
    control("2.6", "Ensure that the --peer-auto-tls argument is not set to true", ETCD, Check::NoRule("A rule would look for peer-auto-tls: true among etcd's flags.")),
    control("2.7", "Ensure that a unique Certificate Authority is used for etcd", ETCD, Check::NotCheckable("Whether two certificate files come from different authorities shows only in the certificates on the node.")),
    control("3.1.1", "Client certificate authentication should not be used for users", AUTHN, Check::NotCheckable("How people sign in is decided outside the configuration (who holds which certificate).")),
    control("3.1.2", "Service account token authentication should not be used for users", AUTHN, Check::NotCheckable("Who uses which token is a matter of practice, not of configuration text.")),
    control("3.1.3", "Bootstrap token authentication should not be used for users", AUTHN, Check::NotCheckable("Who uses which token is a matter of practice, not of configuration text.")),
    control("3.2.1", "Ensure that a minimal audit policy is created", LOG, partial(&[t("DD203", "audit-policy-file"), r("DD209")],
        "An audit policy is checked where it is part of the input; one referenced only by path is seen as present, not read.")),
    control("3.2.2", "Ensure that the audit policy covers key security concerns", LOG, partial(&[r("DD209")],
        "Checks that Secrets are logged at Metadata; whether the policy covers everything the cluster's operators need is theirs to judge.")),
    control("4.1.1", "Ensure that the kubelet service file permissions are set to 600 or more restrictive", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.2", "Ensure that the kubelet service file ownership is set to root:root", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.3", "If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.4", "If proxy kubeconfig file exists ensure ownership is set to root:root", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.5", "Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.6", "Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.7", "Ensure that the certificate authorities file permissions are set to 600 or more restrictive", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.8", "Ensure that the client certificate authorities file ownership is set to root:root", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.9", "If the kubelet config.yaml configuration file is being used validate permissions set to 600 or more restrictive", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.1.10", "If the kubelet config.yaml configuration file is being used validate file ownership is set to root:root", NODE_FILES, Check::NotCheckable(FILE_ON_NODE)),
    control("4.2.1", "Ensure that the --anonymous-auth argument is set to false", KUBELET, rules(&[r("DF205")])),
    control("4.2.2", "Ensure that the --authorization-mode argument is not set to AlwaysAllow", KUBELET, rules(&[r("LP302")])),
    control("4.2.3", "Ensure that the --client-ca-file argument is set as appropriate", KUBELET, Check::NoRule("Installers set this themselves; a rule would need to know which installer wrote the flags.")),
    control("4.2.4", "Verify that the --read-only-port argument is set to 0", KUBELET, rules(&[r("DF204")])),
    control("4.2.5", "Ensure that the --streaming-connection-idle-timeout argument is not set to 0", KUBELET, rules(&[r("DF214")])),
    control("4.2.6", "Ensure that the --make-iptables-util-chains argument is set to true", KUBELET, rules(&[r("DF215")])),
    control("4.2.7", "Ensure that the --hostname-override argument is not set", KUBELET, Check::NoRule("A rule would look for hostname-override among the kubelet's flags.")),
    control("4.2.8", "Ensure that the eventRecordQPS argument is set to a level which ensures appropriate event capture", KUBELET, Check::NotCheckable("What event rate is appropriate depends on the node's load.")),
    control("4.2.9", "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate", KUBELET, Check::NoRule("Installers set these or rotate serving certificates; a rule would need to know which installer wrote the flags.")),
    control("4.2.10", "Ensure that the --rotate-certificates argument is not set to false", KUBELET, rules(&[t("DF212", "rotate-certificates")])),
    control("4.2.11", "Verify that the RotateKubeletServerCertificate argument is set to true", KUBELET, partial(&[t("DF212", "RotateKubeletServerCertificate")], GATE)),
    control("4.2.12", "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers", KUBELET, rules(&[t("DF210", "kubelet allows")])),
    control("4.2.13", "Ensure that a limit is set on pod PIDs", KUBELET, Check::NoRule("A rule would look for podPidsLimit in kubelet configurations.")),
    control("4.3.1", "Ensure that the kube-proxy metrics service is bound to localhost", PROXY, Check::NoRule("A rule would look for metricsBindAddress in kube-proxy configurations.")),
    control("5.1.1", "Ensure that the cluster-admin role is only used where required", RBAC, partial(&[r("LP202"), r("LP203")],
        "Every binding to cluster-admin is reported; whether one is required is for its owner to decide.")),
    control("5.1.2", "Minimize access to secrets", RBAC, rules(&[r("LP204")])),
    control("5.1.3", "Minimize wildcard use in Roles and ClusterRoles", RBAC, rules(&[r("LP201")])),
    control("5.1.4", "Minimize access to create pods", RBAC, rules(&[r("LP206")])),
    control("5.1.5", "Ensure that default service accounts are not actively used", RBAC, partial(&[r("LP114")],
        "Pods running as the default service account are reported; the default ServiceAccount objects' own automount setting is not read.")),
    control("5.1.6", "Ensure that Service Account Tokens are only mounted where necessary", RBAC, rules(&[r("DF103")])),
    control("5.1.7", "Avoid use of system:masters group", RBAC, Check::NotCheckable("Membership of system:masters comes from client certificates, which no object in the cluster lists.")),
    control("5.1.8", "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster", RBAC, rules(&[r("LP207")])),
    control("5.1.9", "Minimize access to create persistent volumes", RBAC, Check::NoRule("A rule would look for Roles that may create persistentvolumes.")),
    control("5.1.10", "Minimize access to the proxy sub-resource of nodes", RBAC, rules(&[r("LP208")])),
    control("5.1.11", "Minimize access to the approval sub-resource of certificatesigningrequests objects", RBAC, rules(&[r("LP210")])),
    control("5.1.12", "Minimize access to webhook configuration objects", RBAC, rules(&[r("LP211")])),
    control("5.1.13", "Minimize access to the service account token creation", RBAC, rules(&[r("LP209")])),
    control("5.2.1", "Ensure that the cluster has at least one active policy control mechanism in place", PSS, partial(&[r("DD105"), r("DD106"), r("DD202"), r("DD208")],
        "Pod Security admission is checked; an external policy engine (Kyverno, Gatekeeper) is not recognised as one.")),
    control("5.2.2", "Minimize the admission of privileged containers", PSS, rules(&[r("LP102")])),
    control("5.2.3", "Minimize the admission of containers wishing to share the host process ID namespace", PSS, rules(&[t("LP103", "hostPID")])),
    control("5.2.4", "Minimize the admission of containers wishing to share the host IPC namespace", PSS, rules(&[t("LP103", "hostIPC")])),
    control("5.2.5", "Minimize the admission of containers wishing to share the host network namespace", PSS, rules(&[t("LP103", "hostNetwork")])),
    control("5.2.6", "Minimize the admission of containers with allowPrivilegeEscalation", PSS, rules(&[r("LP111")])),
    control("5.2.7", "Minimize the admission of root containers", PSS, rules(&[r("LP112"), r("LP113")])),
    control("5.2.8", "Minimize the admission of containers with the NET_RAW capability", PSS, rules(&[t("LP104", "NET_RAW")])),
    control("5.2.9", "Minimize the admission of containers with added capabilities", PSS, rules(&[r("LP104"), r("LP106")])),
    control("5.2.10", "Minimize the admission of containers with capabilities assigned", PSS, rules(&[r("LP105")])),
    control("5.2.11", "Minimize the admission of Windows HostProcess containers", PSS, rules(&[r("LP101")])),
    control("5.2.12", "Minimize the admission of HostPath volumes", PSS, rules(&[r("LP107")])),
    control("5.2.13", "Minimize the admission of containers which use HostPorts", PSS, rules(&[r("LP108")])),
    control("5.3.1", "Ensure that the CNI in use supports NetworkPolicies", NET, partial(&[r("DD205")],
        "Only K3s's own switch for network policy enforcement is checked; which CNI a cluster runs is not known from its workloads.")),
    control("5.3.2", "Ensure that all Namespaces have NetworkPolicies defined", NET, partial(&[r("DD104"), r("DD108")],
        "Namespaces that have workloads in the input are checked, and each workload for a policy that isolates it; the policies must be in the same input to count.")),
    control("5.4.1", "Prefer using Secrets as files over Secrets as environment variables", SECRETS, rules(&[r("SH101"), r("SH105")])),
    control("5.4.2", "Consider external secret storage", SECRETS, partial(&[r("SH102"), r("SH103"), r("SH112")],
        "Secret values committed with the configuration are reported; whether an external store is used is not.")),
    control("5.5.1", "Configure Image Provenance using ImagePolicyWebhook admission controller", ADMISSION, Check::NoRule("A rule would look for ImagePolicyWebhook in enable-admission-plugins; DS102 checks digests in workloads instead.")),
    control("5.7.1", "Create administrative boundaries between resources using namespaces", GENERAL, Check::NotCheckable(RUNTIME)),
    control("5.7.2", "Ensure that the seccomp profile is set to docker/default in your Pod definitions", GENERAL, rules(&[r("DF101"), r("DF102")])),
    control("5.7.3", "Apply SecurityContext to your Pods and Containers", GENERAL, partial(&[r("LP105"), r("LP111"), r("LP112"), r("LP116"), r("DS111"), r("DF102")],
        "Checked through the settings a security context should hold (drop capabilities, no privilege escalation, non-root user and group, read-only root, seccomp); other fields are not required.")),
    control("5.7.4", "The default namespace should not be used", GENERAL, Check::NoRule("A rule would look for objects placed in the default namespace.")),
];

pub(super) fn framework() -> Framework {
    Framework {
        id: "cis",
        title: "CIS Kubernetes Benchmark",
        version: "v1.10",
        description: "The Center for Internet Security's benchmark for Kubernetes clusters: \
            control-plane files and flags, etcd, authentication and logging, worker nodes and \
            policies. Many items are about files and processes on a node, which no \
            configuration text shows; those are listed as not checkable.",
        cite: Cite::ById("CIS Kubernetes Benchmark"),
        controls: Cow::Borrowed(CONTROLS),
    }
}
