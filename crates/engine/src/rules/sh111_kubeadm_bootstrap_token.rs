use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;
use crate::yaml::NodeId;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH111",
        slug: "kubeadm-bootstrap-token",
        title: "kubeadm bootstrap token written in the configuration",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Authentication, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.5",
        rationale: "A bootstrap token authenticates as `system:bootstrappers`: with it a \
            machine can ask the cluster for a kubelet certificate and join as a node, which \
            puts workloads and their secrets within its reach. A token fixed in an \
            InitConfiguration lives on in Git, in cluster profiles and on every control-plane \
            disk long after its first use, and a token without an expiry never stops working.",
        remediation: "Leave `bootstrapTokens` out and let kubeadm generate a short-lived token \
            (`kubeadm token create --ttl 1h` when you need one later); if a fixed token is \
            unavoidable, give it a short `ttl` and inject it from a secret store at render time.",
        subject: Subject::Sum(&[
            Subject::DocKind(DocKind::Kubeadm),
            Subject::Kinds(&["KubeadmControlPlane", "KubeadmConfig"]),
            Subject::DocKind(DocKind::PackValues),
        ]),
        fix_snippet: "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n# no bootstrapTokens: kubeadm creates one that expires",
        references: &[],
        invalid: examples![
            r#"apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
  - token: "9a08jv.c0izixklcxtmnze7"
    ttl: "0s"
    usages: [signing, authentication]
"#,
            // Cluster API passes the same InitConfiguration through its kubeadm config spec.
            r"apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: cp}
spec:
  kubeadmConfigSpec:
    initConfiguration:
      bootstrapTokens:
        - token: abcdef.0123456789abcdef
",
        ],
        valid: examples![
            r"apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
nodeRegistration: {name: cp-1}
",
            r"apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
  - token: ${BOOTSTRAP_TOKEN}
",
        ],
    },
    check,
};

/// Where an InitConfiguration's `bootstrapTokens` can sit in a document.
fn token_lists(ctx: &Context, root: NodeId) -> Vec<NodeId> {
    let tree = ctx.tree;
    [
        tree.get(root, "bootstrapTokens"),
        tree.path(root, &["initConfiguration", "bootstrapTokens"]),
        tree.path(
            root,
            &[
                "spec",
                "kubeadmConfigSpec",
                "initConfiguration",
                "bootstrapTokens",
            ],
        ),
        tree.path(root, &["spec", "initConfiguration", "bootstrapTokens"]),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    let roots = ctx
        .documents
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                DocKind::Kubeadm | DocKind::KubernetesObject | DocKind::PackValues
            )
        })
        .map(|d| d.root);
    for root in roots {
        for list in token_lists(ctx, root) {
            for item in tree.items(list) {
                let Some(node) = tree.get(*item, "token") else {
                    continue;
                };
                let Some(value) = tree.str(node).filter(|v| !secrets::is_placeholder(v)) else {
                    continue;
                };
                sink.report(node, "A kubeadm bootstrap token is written in plain text.")
                    .evidence(secrets::mask(value));
            }
        }
    }
}
