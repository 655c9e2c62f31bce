//! Writes a synthetic repository for the scale benchmark: `FILES` files of about
//! `BYTES / FILES` bytes each under `DIR`, in nested directories, mixing insecure and clean
//! Deployments, RBAC, kubeadm and cloud-config files, plus files a walk must skip or name as
//! not evaluated (`package.json`, `node_modules`, a hidden directory, sources).
//!
//! cargo run --profile release-native -p posture-cli --example gen_repo -- DIR [FILES] [BYTES]
//! (defaults: 10000 files, 100000000 bytes). The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::Path;

fn deployment(out: &mut String, n: usize, insecure: bool) {
    let _ = write!(
        out,
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\n  namespace: team-{ns}\n\
         spec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: app-{n}}}\n  template:\n    metadata:\n      \
         labels: {{app: app-{n}}}\n    spec:\n",
        ns = n % 17
    );
    if insecure {
        let _ = write!(
            out,
            "      hostNetwork: true\n      containers:\n      - name: web\n        image: nginx:1.{n}\n        \
             securityContext:\n          privileged: true\n        env:\n        - name: API_TOKEN\n          \
             value: \"tok{n}x\"\n"
        );
    } else {
        let _ = write!(
            out,
            "      automountServiceAccountToken: false\n      serviceAccountName: app-{n}\n      \
             securityContext:\n        runAsNonRoot: true\n        seccompProfile: {{type: RuntimeDefault}}\n      \
             containers:\n      - name: web\n        image: registry.example.com/web@sha256:{n:064x}\n        \
             securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          \
             capabilities: {{drop: [ALL]}}\n        resources:\n          requests: {{cpu: 100m, memory: 64Mi}}\n          \
             limits: {{cpu: 200m, memory: 128Mi}}\n        livenessProbe: {{httpGet: {{path: /healthz, port: 8080}}}}\n        \
             readinessProbe: {{httpGet: {{path: /ready, port: 8080}}}}\n---\napiVersion: policy/v1\n\
             kind: PodDisruptionBudget\nmetadata: {{name: app-{n}, namespace: team-{ns}}}\nspec:\n  \
             minAvailable: 1\n  selector:\n    matchLabels: {{app: app-{n}}}\n",
            ns = n % 17
        );
    }
}

fn role(out: &mut String, n: usize) {
    let _ = write!(
        out,
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {{name: role-{n}, namespace: team-{}}}\n\
         rules:\n- apiGroups: [\"\"]\n  resources: [pods, secrets]\n  verbs: [get, list, watch]\n",
        n % 17
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: gen_repo DIR [FILES] [BYTES]");
        std::process::exit(2);
    };
    let files: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let bytes: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000_000);
    let per_file = (bytes / files.max(1)).max(200);
    let root = Path::new(dir);
    let mut written = 0usize;
    for i in 0..files {
        let sub = root.join(format!("team-{:02}/service-{:03}", i % 40, i / 40 % 250));
        std::fs::create_dir_all(&sub).expect("create directory");
        let mut text = String::with_capacity(per_file + 2048);
        let name = match i % 50 {
            0 => {
                text.push_str("{\"name\": \"web\", \"version\": \"1.0.0\", \"private\": true}\n");
                "package.json".to_string()
            }
            1 => {
                text.push_str(
                    "#cloud-config\nssh_pwauth: true\nusers:\n- name: ops\n  lock_passwd: false\n",
                );
                format!("user-data-{i}")
            }
            2 => {
                text.push_str(
                    "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  \
                     extraArgs:\n    anonymous-auth: \"true\"\n    authorization-mode: AlwaysAllow\n",
                );
                format!("kubeadm-{i}.yaml")
            }
            _ => format!("manifests-{i}.yaml"),
        };
        if name.starts_with("manifests") {
            // Every namespace the file uses has a default-deny policy, as a real repository would.
            for ns in 0..17 {
                let _ = write!(
                    text,
                    "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: \
                     deny, namespace: team-{ns}}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress]\n"
                );
            }
        }
        let mut n = i * 1000;
        while name.starts_with("manifests") && text.len() < per_file {
            // One workload in ten is insecure: about three findings per KB, like a real repository
            // that has not been cleaned up yet.
            match n % 10 {
                0 => deployment(&mut text, n, true),
                9 => role(&mut text, n),
                _ => deployment(&mut text, n, false),
            }
            n += 1;
        }
        written += text.len();
        std::fs::write(sub.join(name), text).expect("write file");
    }
    // What a walk must not read: dependencies, hidden directories, sources.
    for skipped in ["node_modules/lib", ".hidden/config"] {
        let d = root.join(skipped);
        std::fs::create_dir_all(&d).expect("create directory");
        let mut bad = String::new();
        deployment(&mut bad, 1, true);
        std::fs::write(d.join("skipped.yaml"), &bad).expect("write file");
    }
    std::fs::create_dir_all(root.join("src")).expect("create directory");
    std::fs::write(root.join("src/main.rs"), "fn main() {}\n").expect("write file");
    eprintln!("{files} files, {written} bytes under {dir}");
}
