use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS107",
        slug: "liveness-probe-missing",
        title: "Container has no liveness probe",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.2",
        rationale: "A liveness probe lets the kubelet restart a container that is running but stuck, such as a deadlocked server. Without one, a hung process keeps its place and serves nothing until someone notices. Only the regular containers of long-running workloads are checked; Jobs and bare Pods run to completion.",
        remediation: "Add a `livenessProbe` that checks what the container actually does.",
        subject: Subject::Workloads,
        fix_snippet: "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: http\n  periodSeconds: 10",
        references: &[
        ],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          livenessProbe: {httpGet: {path: /, port: 8080}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    super::report_missing_probe(ctx, sink, "livenessProbe");
}
