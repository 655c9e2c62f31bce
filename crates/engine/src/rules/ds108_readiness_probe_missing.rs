use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS108",
        slug: "readiness-probe-missing",
        title: "Container has no readiness probe",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.2",
        rationale: "A readiness probe tells Services when a pod can take traffic. Without one, requests reach pods that are still starting or are overloaded, and a rollout can replace working pods with broken ones. Only the regular containers of long-running workloads are checked; Jobs and bare Pods run to completion.",
        remediation: "Add a `readinessProbe` that checks what the container actually does.",
        subject: Subject::Workloads,
        fix_snippet: "readinessProbe:\n  httpGet:\n    path: /ready\n    port: http",
        references: &[
        ],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          readinessProbe: {httpGet: {path: /, port: 8080}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    super::report_missing_probe(ctx, sink, "readinessProbe");
}
