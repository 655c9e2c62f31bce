use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP110",
        slug: "restricted-volume-types",
        title: "Pod uses a volume type outside the restricted set",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.5",
        rationale: "The restricted Pod Security Standard limits pods to volume types whose data comes from the cluster itself: ConfigMaps, Secrets, projected and downward API data, emptyDir, ephemeral and claimed persistent volumes. In-line network or node volume types carry their own credentials and reach, outside the storage policy the cluster enforces.",
        remediation: "Use a PersistentVolumeClaim (with a StorageClass) instead of declaring the storage in the pod.",
        subject: Subject::Pods,
        fix_snippet: "volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: app-data",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: share\n      nfs: {server: nfs.local, path: /exports}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: data\n      persistentVolumeClaim: {claimName: d}\n    - name: cfg\n      configMap: {name: c}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // hostPath volumes are LP107's (attributed to the baseline control both levels fail).
    report_pss(ctx, sink, |v| v.control == Control::RestrictedVolumes);
}
