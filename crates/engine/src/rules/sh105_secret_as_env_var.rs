use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH105",
        slug: "secret-as-env-var",
        title: "Secret passed as an environment variable",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Low,
        security_severity: "2.8",
        rationale: "Environment variables leak: they are inherited by child processes, printed by debug endpoints and crash reporters, and visible through /proc to anything in the container. A Secret mounted as a file can be read only where needed and is updated in place when rotated.",
        remediation: "Mount the Secret as a volume and let the application read the file.",
        subject: Subject::Pods,
        fix_snippet: "volumes:\n  - name: db\n    secret:\n      secretName: db\ncontainers:\n  - volumeMounts:\n      - name: db\n        mountPath: /run/secrets/db\n        readOnly: true",
        references: &[
            "Kubernetes documentation: good practices for Secrets",
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      envFrom: [{secretRef: {name: db}}]\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          env:\n            - {name: DB_USER, valueFrom: {secretKeyRef: {name: db, key: user}}}\n            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}\n        - name: worker\n          image: app:1.0\n          envFrom: [{secretRef: {name: db}}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      volumeMounts: [{name: db, mountPath: /run/secrets/db, readOnly: true}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    // One finding per pod, at its first reference, naming every variable: the fix (mount the
    // Secrets instead) is one change to the pod, whatever the number of variables.
    for pod in &ctx.pods {
        let mut first = None;
        let mut uses: Vec<String> = Vec::new();
        let mut containers: Vec<&str> = Vec::new();
        for container in &pod.containers {
            let before = uses.len();
            if let Some(env) = tree.get(container.node, "env") {
                for var in tree.items(env) {
                    if let Some(reference) = tree.path(*var, &["valueFrom", "secretKeyRef"]) {
                        let name = tree.get_str(*var, "name").unwrap_or("?");
                        let secret = tree.get_str(reference, "name").unwrap_or("?");
                        first.get_or_insert(reference);
                        uses.push(format!(
                            "{name} (Secret {secret}) in \"{}\"",
                            container.name
                        ));
                    }
                }
            }
            if let Some(env_from) = tree.get(container.node, "envFrom") {
                for source in tree.items(env_from) {
                    if let Some(reference) = tree.get(*source, "secretRef") {
                        let secret = tree.get_str(reference, "name").unwrap_or("?");
                        first.get_or_insert(reference);
                        uses.push(format!("all of Secret {secret} in \"{}\"", container.name));
                    }
                }
            }
            if uses.len() > before {
                containers.push(&container.name);
            }
        }
        let Some(at) = first else {
            continue;
        };
        let shown = uses.len().min(MAX_LISTED);
        let mut list = uses[..shown].join(", ");
        if uses.len() > shown {
            list.push_str(&format!(" and {} more", uses.len() - shown));
        }
        let raw = sink.report(
            at,
            format!("The pod receives Secrets as environment variables: {list}."),
        );
        raw.resource(ctx.object(pod).label());
        if let [only] = containers[..] {
            raw.container(only);
        }
    }
}

/// How many variables a message names before it says how many more there are.
const MAX_LISTED: usize = 6;
