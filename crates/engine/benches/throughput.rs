//! Parse and full-check throughput on about 1 MiB of realistic multi-document manifests.
//!
//! Run: `cargo bench -p posture-engine --bench throughput`. Prints the median of repeated runs;
//! no assertions (timings are reported, not tested).

use std::time::{Duration, Instant};

use posture_engine::yaml::{fast_reader_coverage, load, load_reference, Limits};
use posture_engine::{check, Input};

/// One Deployment plus a Service, with the variety real manifests have: labels, probes,
/// resources, env, volumes, flow and block style, comments.
fn deployment(i: usize) -> String {
    format!(
        r#"# service {i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  namespace: team-{ns}
  labels: {{app: svc-{i}, tier: backend, owner: "team-{ns}"}}
  annotations:
    description: "Handles requests for area {i}; see the runbook before scaling."
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: svc-{i}}}
  template:
    metadata:
      labels: {{app: svc-{i}, tier: backend}}
    spec:
      serviceAccountName: svc-{i}
      securityContext:
        runAsNonRoot: true
        seccompProfile: {{type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/team-{ns}/svc-{i}:1.{i}.0
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: db.team-{ns}.svc
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: 500m, memory: 256Mi}}
          readinessProbe:
            httpGet: {{path: /ready, port: http}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            privileged: {privileged}
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - {{name: tmp, mountPath: /tmp}}
      volumes:
        - name: tmp
          emptyDir: {{}}
"#,
        ns = i % 17,
        replicas = 1 + i % 3,
        privileged = if i.is_multiple_of(50) {
            "true"
        } else {
            "false"
        },
    )
}

fn corpus(target_bytes: usize) -> (String, usize) {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < target_bytes {
        if n > 0 {
            text.push_str("---\n");
        }
        text.push_str(&deployment(n));
        n += 1;
    }
    (text, n)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let (text, deployments) = corpus(1024 * 1024);
    let mb = text.len() as f64 / 1_000_000.0;
    let limits = Limits::default();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(31);

    let parse = time(runs, || {
        let loaded = load(&text, &limits);
        assert!(loaded.errors.is_empty());
        std::hint::black_box(loaded);
    });
    let parse_reference = time(runs, || {
        let loaded = load_reference(&text, &limits);
        assert!(loaded.errors.is_empty());
        std::hint::black_box(loaded);
    });
    let full = time(runs, || {
        let report = check(&[Input {
            name: "bench.yaml",
            text: &text,
        }]);
        std::hint::black_box(report);
    });
    let events_only = time(runs, || {
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut n = 0usize;
        while let Some(Ok(_)) = parser.next_event() {
            n += 1;
        }
        std::hint::black_box(n);
    });
    let findings = check(&[Input {
        name: "bench.yaml",
        text: &text,
    }])
    .findings
    .len();

    println!(
        "input: {:.2} MB, {deployments} Deployments, {findings} findings",
        mb
    );
    println!(
        "parse only:  median {:>7.2} ms  ({:.0} MB/s)",
        parse.as_secs_f64() * 1e3,
        mb / parse.as_secs_f64()
    );
    let (taken, chunks) = fast_reader_coverage(&text);
    println!(
        "parse with saphyr-parser only: median {:>7.2} ms  ({:.0} MB/s; the fast reader took {taken} of {chunks} documents)",
        parse_reference.as_secs_f64() * 1e3,
        mb / parse_reference.as_secs_f64()
    );
    println!(
        "saphyr-parser events alone: median {:>7.2} ms  ({:.0} MB/s)",
        events_only.as_secs_f64() * 1e3,
        mb / events_only.as_secs_f64()
    );
    println!(
        "full check:  median {:>7.2} ms  ({:.2}x parse time)",
        full.as_secs_f64() * 1e3,
        full.as_secs_f64() / parse.as_secs_f64()
    );
    if std::env::var_os("PER_RULE").is_some() {
        // Each rule alone on top of the pipeline with no rules, slowest first.
        let input = [Input {
            name: "bench.yaml",
            text: &text,
        }];
        let base = time(5, || {
            std::hint::black_box(posture_engine::check_with(&input, &[]));
        });
        let mut costs: Vec<(f64, &str)> = posture_engine::rules::ALL
            .iter()
            .map(|rule| {
                let t = time(5, || {
                    std::hint::black_box(posture_engine::check_with(&input, &[*rule]));
                });
                ((t.as_secs_f64() - base.as_secs_f64()) * 1e3, rule.meta.id)
            })
            .collect();
        costs.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("pipeline without rules: {:.2} ms", base.as_secs_f64() * 1e3);
        for (ms, id) in costs.iter().take(10) {
            println!("  {id}: {ms:+.2} ms");
        }
    }
}
