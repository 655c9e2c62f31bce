//! The pipeline: text → documents → typed views → rules → findings.

use crate::document::{self, Classified, DocKind, Object};
use crate::finding::{Finding, InputError};
use crate::k8s::pod::{self, Container, PodSpec};
use crate::report::{FileSummary, Report};
use crate::rule::{Rule, RuleMeta};
use crate::rules;
use crate::source::LineIndex;
use crate::yaml::{self, Limits, NodeId, Tree};

/// One named text to check.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Everything a rule may read about one input. Built once; rules only look.
pub struct Context<'a> {
    pub tree: &'a Tree,
    pub text: &'a str,
    pub documents: Vec<Classified>,
    pub objects: Vec<Object>,
    pub pods: Vec<PodSpec>,
}

impl Context<'_> {
    pub fn object(&self, pod: &PodSpec) -> &Object {
        &self.objects[pod.object]
    }

    /// Every container of every pod spec, with its pod and owning object.
    pub fn containers(&self) -> impl Iterator<Item = (&PodSpec, &Object, &Container)> {
        self.pods.iter().flat_map(move |pod| {
            let obj = self.object(pod);
            pod.containers.iter().map(move |c| (pod, obj, c))
        })
    }
}

/// A finding before its node is turned into a line and column.
#[derive(Debug)]
pub struct Raw {
    rule: &'static RuleMeta,
    node: NodeId,
    message: String,
    resource: Option<String>,
    container: Option<String>,
    evidence: Option<String>,
}

impl Raw {
    pub fn resource(&mut self, label: impl Into<String>) -> &mut Self {
        self.resource = Some(label.into());
        self
    }
    pub fn container(&mut self, name: impl Into<String>) -> &mut Self {
        self.container = Some(name.into());
        self
    }
    pub fn evidence(&mut self, text: impl Into<String>) -> &mut Self {
        self.evidence = Some(text.into());
        self
    }
}

/// Where a rule's findings go. It knows which rule is running, so a rule only says what and
/// where.
pub struct Sink {
    rule: &'static RuleMeta,
    raw: Vec<Raw>,
}

impl Sink {
    pub fn report(&mut self, node: NodeId, message: impl Into<String>) -> &mut Raw {
        self.raw.push(Raw {
            rule: self.rule,
            node,
            message: message.into(),
            resource: None,
            container: None,
            evidence: None,
        });
        self.raw.last_mut().expect("just pushed")
    }
}

/// Checks several inputs with every rule.
pub fn check(inputs: &[Input]) -> Report {
    check_with(inputs, rules::ALL)
}

/// Checks several inputs with the given rules (tests use this to run one rule alone).
pub fn check_with(inputs: &[Input], rules: &[&'static Rule]) -> Report {
    let mut report = Report::default();
    for input in inputs {
        check_input(input, rules, &mut report);
    }
    report.findings.sort_by(|a, b| {
        (&a.file, a.span.start.offset, a.rule_id).cmp(&(&b.file, b.span.start.offset, b.rule_id))
    });
    report
}

fn check_input(input: &Input, rules: &[&'static Rule], report: &mut Report) {
    let text = input.text;
    let loaded = yaml::load(text, &Limits::default());
    let lines = LineIndex::new(text);
    for e in &loaded.errors {
        report.errors.push(InputError {
            file: input.name.to_string(),
            span: lines.span(text, e.offset, e.offset),
            message: e.message.clone(),
        });
    }
    let tree = &loaded.tree;
    let mut documents = Vec::new();
    let mut objects = Vec::new();
    for doc in &loaded.documents {
        if tree.is_null(doc.root) {
            continue;
        }
        let first_line = text[doc.start..].lines().next().unwrap_or("");
        let kind = document::classify(tree, doc.root, first_line);
        if kind == DocKind::KubernetesObject {
            objects.extend(document::objects(tree, doc.root));
        }
        documents.push(Classified {
            root: doc.root,
            kind,
        });
    }
    let pods = pod::pod_specs(tree, &objects);
    let ctx = Context {
        tree,
        text,
        documents,
        objects,
        pods,
    };
    let mut raw = Vec::new();
    for rule in rules {
        let mut sink = Sink {
            rule: &rule.meta,
            raw: std::mem::take(&mut raw),
        };
        (rule.check)(&ctx, &mut sink);
        raw = sink.raw;
    }
    if tree.alias_budget_exhausted() {
        report.errors.push(InputError {
            file: input.name.to_string(),
            span: lines.span(text, 0, 0),
            message: "too many alias references to follow; results for this input are partial"
                .to_string(),
        });
    }
    for raw in raw {
        let (start, end) = tree.range(raw.node);
        report.findings.push(Finding {
            rule_id: raw.rule.id,
            rule_slug: raw.rule.slug,
            severity: raw.rule.severity,
            title: raw.rule.title,
            message: raw.message,
            file: input.name.to_string(),
            span: lines.span(text, start, end),
            resource: raw.resource,
            container: raw.container,
            evidence: raw.evidence,
        });
    }
    report.files.push(FileSummary {
        name: input.name.to_string(),
        documents: ctx.documents.len(),
        resources: ctx.objects.len(),
        lines: lines.line_count(),
    });
}
