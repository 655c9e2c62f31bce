use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD208",
        slug: "pod-security-defaults-weak",
        title: "Pod Security admission does not enforce restricted by default",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.4",
        rationale: "The PodSecurity plugin's defaults apply to every namespace that has no label of its own. Enforcing privileged admits anything; baseline still admits pods that run as root, keep all default capabilities and skip seccomp. Restricted by default, with labelled exceptions, is the layer that catches what manifest reviews miss. Exempting namespaces other than kube-system widens the gap.",
        remediation: "Set `defaults.enforce: restricted` and keep `exemptions.namespaces` to kube-system; relax individual namespaces with labels instead.",
        subject: Subject::DocKind(crate::document::DocKind::AdmissionConfiguration),
        fix_snippet: "defaults:\n  enforce: restricted\n  enforce-version: latest\nexemptions:\n  namespaces: [kube-system]",
        references: &[],
        invalid: examples![
            "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    configuration:\n      apiVersion: pod-security.admission.config.k8s.io/v1\n      kind: PodSecurityConfiguration\n      defaults: {enforce: privileged}\n",
            "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    configuration:\n      apiVersion: pod-security.admission.config.k8s.io/v1\n      kind: PodSecurityConfiguration\n      defaults: {enforce: restricted}\n      exemptions: {namespaces: [kube-system, monitoring]}\n",
        ],
        valid: examples![
            "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    configuration:\n      apiVersion: pod-security.admission.config.k8s.io/v1\n      kind: PodSecurityConfiguration\n      defaults: {enforce: restricted, audit: restricted}\n      exemptions: {namespaces: [kube-system]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::AdmissionConfiguration)
    {
        let Some(plugins) = tree.get(doc.root, "plugins") else {
            continue;
        };
        for plugin in tree.items(plugins) {
            if tree.get_str(*plugin, "name") != Some("PodSecurity") {
                continue;
            }
            let Some(config) = tree.get(*plugin, "configuration") else {
                continue;
            };
            match tree.path(config, &["defaults", "enforce"]) {
                Some(level) if tree.str(level) == Some("restricted") => {}
                Some(level) => {
                    let value = tree.str(level).unwrap_or("?");
                    sink.report(
                        level,
                        format!("PodSecurity enforces \"{value}\" by default, not restricted."),
                    )
                    .evidence(format!("enforce: {value}"));
                }
                None => {
                    sink.report(config, "PodSecurity sets no default enforce level, so namespaces without a label enforce privileged.");
                }
            }
            if let Some(list) = tree.path(config, &["exemptions", "namespaces"]) {
                for ns in tree.items(list) {
                    if let Some(name) = tree.str(*ns).filter(|n| *n != "kube-system") {
                        sink.report(
                            *ns,
                            format!("Namespace {name} is exempt from Pod Security admission."),
                        )
                        .evidence(name);
                    }
                }
            }
        }
    }
}
