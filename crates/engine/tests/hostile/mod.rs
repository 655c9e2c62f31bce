//! Generators of hostile inputs: each makes a text of about `n` bytes in one shape that once
//! cost more than linear time or memory. Shared by the complexity test (`tests/complexity.rs`)
//! and the table generator (`examples/hostile.rs`).

#![allow(dead_code)]

/// A shape: its name, what it is, and its generator.
pub struct Shape {
    pub name: &'static str,
    pub about: &'static str,
    pub make: fn(usize) -> String,
}

pub const SHAPES: &[Shape] = &[
    Shape {
        name: "alias-values",
        about: "pack `values` reused through aliases, three levels deep (40 per inner level)",
        make: alias_values,
    },
    Shape {
        name: "unclosed-templates",
        about: "lines of `a: \"{{\"` with no closing `}}` on the line, one `}}` at the end",
        make: unclosed_templates,
    },
    Shape {
        name: "many-annotations",
        about: "one Pod with as many annotations as fit",
        make: many_annotations,
    },
    Shape {
        name: "configmap-keys",
        about: "one ConfigMap with as many keys as fit",
        make: configmap_keys,
    },
    Shape {
        name: "minified-json",
        about: "a List of privileged Pods on one JSON line",
        make: minified_json,
    },
    Shape {
        name: "minified-json-utf8",
        about: "the same with non-ASCII names (UTF-16 columns differ from bytes)",
        make: minified_json_utf8,
    },
    Shape {
        name: "quoted-json-values",
        about: "pack `values` as one double-quoted JSON string holding privileged Pods",
        make: quoted_json_values,
    },
    Shape {
        name: "ignore-annotations",
        about: "privileged Pods, each with a `posture.dev/ignore` annotation",
        make: ignore_annotations,
    },
    Shape {
        name: "ignore-comments",
        about: "privileged Pods, each with a `# posture-ignore` comment",
        make: ignore_comments,
    },
    Shape {
        name: "flow-sequence",
        about: "one flow sequence of short scalars on one line",
        make: flow_sequence,
    },
    Shape {
        name: "pod-list",
        about: "a Kubernetes List of privileged Pods (many findings)",
        make: pod_list,
    },
    Shape {
        name: "alias-containers",
        about: "one Pod whose containers are aliases of one privileged container",
        make: alias_containers,
    },
    Shape {
        name: "embedded-block",
        about: "privileged Pods in a literal block pack `values`, inside another one",
        make: embedded_block,
    },
    Shape {
        name: "many-namespaces",
        about: "Pods each in its own namespace with its own ServiceAccount (cross-object rules)",
        make: many_namespaces,
    },
    Shape {
        name: "many-documents",
        about: "`---`-separated privileged Pods",
        make: many_documents,
    },
];

pub fn shape(name: &str) -> &'static Shape {
    SHAPES
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no shape {name}"))
}

fn repeat_to(
    n: usize,
    head: &str,
    item: impl Fn(usize) -> String,
    sep: &str,
    tail: &str,
) -> String {
    let mut out = String::with_capacity(n + 256);
    out.push_str(head);
    let mut i = 0;
    while out.len() + tail.len() < n || i == 0 {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&item(i));
        i += 1;
    }
    out.push_str(tail);
    out
}

/// A JSON / YAML double-quoted string literal of `s`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext: {privileged: true}\n";

fn json_pod(i: usize, name: &str) -> String {
    format!(
        r#"{{"apiVersion":"v1","kind":"Pod","metadata":{{"name":"{name}{i}"}},"spec":{{"containers":[{{"name":"c","image":"nginx","securityContext":{{"privileged":true}}}}]}}}}"#
    )
}

pub fn alias_values(n: usize) -> String {
    // Each inner level anchors the level below once and reuses it 40 times.
    let mut inner = POD.to_string();
    for _ in 0..2 {
        let mut level = format!("x: &v {}\npacks:\n", quoted(&inner));
        for _ in 0..40 {
            level.push_str("- values: *v\n");
        }
        inner = level;
    }
    let head = format!("x: &v {}\npacks:\n", quoted(&inner));
    repeat_to(n, &head, |_| "- values: *v\n".to_string(), "", "")
}

pub fn unclosed_templates(n: usize) -> String {
    // The `}}` at the very end is what a search that runs past the line would find each time.
    repeat_to(n, "", |i| format!("a{i}: \"{{{{\"\n"), "", "z: \"}}\"\n")
}

pub fn many_annotations(n: usize) -> String {
    let head = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n";
    let tail = "spec:\n  containers:\n  - name: c\n    image: nginx\n";
    repeat_to(n, head, |i| format!("    k{i}: v\n"), "", tail)
}

pub fn configmap_keys(n: usize) -> String {
    let head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n";
    repeat_to(n, head, |i| format!("  key{i}: value\n"), "", "")
}

pub fn minified_json(n: usize) -> String {
    let head = r#"{"apiVersion":"v1","kind":"List","items":["#;
    repeat_to(n, head, |i| json_pod(i, "p"), ",", "]}")
}

pub fn minified_json_utf8(n: usize) -> String {
    let head = r#"{"apiVersion":"v1","kind":"List","items":["#;
    repeat_to(n, head, |i| json_pod(i, "pöd-😀-"), ",", "]}")
}

pub fn quoted_json_values(n: usize) -> String {
    let head = r#"{"apiVersion":"v1","kind":"List","items":["#;
    let inner = repeat_to(n * 9 / 10, head, |i| json_pod(i, "p"), ",\n", "]}");
    format!(
        "spec:\n  template:\n    packs:\n    - name: app\n      values: {}\n",
        quoted(&inner)
    )
}

pub fn ignore_annotations(n: usize) -> String {
    let pod = |i: usize| {
        format!(
            "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p{i}\n    annotations:\n      posture.dev/ignore: \"LP102: needs the host\"\n  spec:\n    containers:\n    - name: c\n      image: nginx\n      securityContext: {{privileged: true}}\n"
        )
    };
    repeat_to(n, "apiVersion: v1\nkind: List\nitems:\n", pod, "", "")
}

pub fn ignore_comments(n: usize) -> String {
    let pod = |i: usize| {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    # posture-ignore LP102 needs the host\n    securityContext: {{privileged: true}}\n"
        )
    };
    repeat_to(n, "", pod, "", "")
}

pub fn flow_sequence(n: usize) -> String {
    let mut out = String::with_capacity(n + 2);
    out.push('[');
    while out.len() + 2 < n {
        out.push_str("a,");
    }
    out.push_str("a]");
    out
}

pub fn pod_list(n: usize) -> String {
    let pod = |i: usize| {
        format!(
            "- apiVersion: v1\n  kind: Pod\n  metadata: {{name: p{i}}}\n  spec:\n    containers:\n    - name: c\n      image: nginx\n      securityContext: {{privileged: true}}\n"
        )
    };
    repeat_to(n, "apiVersion: v1\nkind: List\nitems:\n", pod, "", "")
}

pub fn alias_containers(n: usize) -> String {
    let head = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c {name: c, image: nginx, securityContext: {privileged: true}}\n";
    repeat_to(n, head, |_| "  - *c\n".to_string(), "", "")
}

pub fn embedded_block(n: usize) -> String {
    let pods = many_documents(n * 6 / 10);
    let indent =
        |text: &str, by: &str| -> String { text.lines().map(|l| format!("{by}{l}\n")).collect() };
    let middle = format!(
        "packs:\n- name: inner\n  values: |\n{}",
        indent(&pods, "    ")
    );
    format!(
        "spec:\n  template:\n    packs:\n    - name: outer\n      values: |\n{}",
        indent(&middle, "        ")
    )
}

pub fn many_documents(n: usize) -> String {
    repeat_to(n, "", |_| format!("---\n{POD}"), "", "")
}

pub fn many_namespaces(n: usize) -> String {
    let item = |i: usize| {
        format!(
            "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: sa{i}, namespace: ns{i}}}\nautomountServiceAccountToken: false\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{i}, namespace: ns{i}}}\nspec:\n  replicas: 3\n  template:\n    metadata: {{labels: {{app: d{i}}}}}\n    spec:\n      serviceAccountName: sa{i}\n      containers:\n      - {{name: c, image: nginx}}\n"
        )
    };
    repeat_to(n, "", item, "", "")
}
