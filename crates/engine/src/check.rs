//! The pipeline: text → documents → typed views → rules → findings.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::document::{self, Classified, DocKind, Object};
use crate::embed::{self, OffsetMap, MAX_EMBED_DEPTH};
use crate::finding::{Finding, InputError};
use crate::fix::edit::{Scope, Target};
use crate::fix::{Fix, Plan};
use crate::k8s::flags::{self, FlagSet};
use crate::k8s::pod::{self, Container, PodSpec};
use crate::k8s::pss;
use crate::k8s::rbac::{self, Binding, PolicyRule};
use crate::model::Severity;
use crate::report::{FileSummary, Report};
use crate::rule::Subject;
use crate::rule::{Rule, RuleMeta};
use crate::rules;
use crate::source::{LineIndex, Span};
use crate::suppress::{Comments, Suppressions};
use crate::yaml::{self, Limits, NodeId, Paths, Tree};

/// One named text to check.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// How to check, beyond the rules to run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The Pod Security Standards version to evaluate pods against, where no Namespace in the
    /// input pins one with `pod-security.kubernetes.io/enforce-version`. `None` is `latest`.
    pub pss_version: Option<pss::Version>,
    /// Report only the Pod Security Standards violations of this level: `Baseline` leaves out
    /// what only `restricted` forbids. `None` reports both.
    pub pss_level: Option<pss::Level>,
}

/// Everything a rule may read about one input. Built once; rules only look.
pub struct Context<'a> {
    pub tree: &'a Tree,
    pub text: &'a str,
    /// True when this text is a document inside a string of the input.
    pub embedded: bool,
    pub documents: Vec<Classified>,
    pub objects: Vec<Object>,
    pub pods: Vec<PodSpec>,
    pub policy_rules: Vec<PolicyRule>,
    pub bindings: Vec<Binding>,
    /// Control-plane and kubelet flags from kubeadm, pack values and K3s/RKE2 configs.
    pub flag_sets: Vec<FlagSet>,
    /// Each pod's Pod Security Standards violations, in the order of `pods`.
    pub pss: Vec<Vec<pss::Assessed>>,
    /// Lines of template logic (`{{- if … }}`) set aside so the text could be read: a raw
    /// Helm or Jinja template rather than rendered configuration.
    pub template_lines: &'a [(usize, usize)],
    /// The rules this check runs (a settings file or `--rules` may leave some out).
    pub running: &'a [&'static Rule],
    /// Indexes into `objects` by kind, so a rule that looks for one kind per pod does not scan
    /// every object each time.
    by_kind: HashMap<String, Vec<usize>>,
}

impl Context<'_> {
    /// Whether this check runs the rule with this ID.
    pub fn runs(&self, id: &str) -> bool {
        self.running.iter().any(|r| r.meta.id == id)
    }

    pub fn object(&self, pod: &PodSpec) -> &Object {
        &self.objects[pod.object]
    }

    /// Objects of one kind.
    pub fn objects_of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Object> + 's {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(move |&i| &self.objects[i])
    }

    /// The namespace an object lives in, `default` when it names none.
    pub fn namespace_of<'o>(&self, obj: &'o Object) -> &'o str {
        obj.namespace.as_deref().unwrap_or("default")
    }

    /// How many things of this kind the input has, for scoring.
    pub fn count(&self, subject: Subject) -> usize {
        match subject {
            Subject::Containers => self.pods.iter().map(|p| p.containers.len()).sum(),
            Subject::Pods => self.pods.len(),
            Subject::Workloads => self
                .pods
                .iter()
                .filter(|p| is_long_running(&self.object(p).kind))
                .count(),
            Subject::RoleRules => self.policy_rules.len(),
            Subject::Bindings => self.bindings.len(),
            Subject::Objects => self.objects.len(),
            Subject::Documents => self.documents.len(),
            Subject::Kind(kind) => self.objects_of_kind(kind).count(),
            Subject::Kinds(kinds) => self
                .objects
                .iter()
                .filter(|o| kinds.contains(&o.kind.as_str()))
                .count(),
            Subject::NamespacesInUse => self.namespaces_in_use().len(),
            Subject::Flags(component) => self
                .flag_sets
                .iter()
                .filter(|s| s.component == component)
                .count(),
            Subject::FlagSets => self.flag_sets.len(),
            Subject::DocKind(kind) => self.documents.iter().filter(|d| d.kind == kind).count(),
            Subject::Sum(parts) => parts.iter().map(|p| self.count(*p)).sum(),
        }
    }

    /// Namespaces that hold at least one pod spec.
    pub fn namespaces_in_use(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .pods
            .iter()
            .map(|p| self.namespace_of(self.object(p)))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every container of every pod spec, with its pod and owning object.
    pub fn containers(&self) -> impl Iterator<Item = (&PodSpec, &Object, &Container)> {
        self.pods.iter().flat_map(move |pod| {
            let obj = self.object(pod);
            pod.containers.iter().map(move |c| (pod, obj, c))
        })
    }
}

/// Controllers that keep pods running (as opposed to Jobs and bare Pods).
pub fn is_long_running(kind: &str) -> bool {
    !matches!(kind, "Pod" | "Job" | "CronJob" | "PodTemplate")
}

/// A finding before its byte range is turned into a line and column.
#[derive(Debug)]
pub struct Raw {
    rule: &'static RuleMeta,
    /// The node reported, for its YAML path; `None` for a bare range.
    node: Option<NodeId>,
    start: usize,
    end: usize,
    message: String,
    resource: Option<String>,
    container: Option<String>,
    evidence: Option<String>,
    implies: Vec<&'static str>,
    /// The fix offered for this finding; only built when fixes are asked for.
    fix: Option<Box<Plan>>,
    fixing: bool,
}

impl Raw {
    /// True when fixes are being collected, for a caller that must first decide whether it
    /// has one to offer.
    pub fn wants_fix(&self) -> bool {
        self.fixing
    }

    /// Offers a fix. The plan is built only when [`crate::fix::fixes`] runs the rule, so a
    /// plain check pays nothing for it.
    pub fn fix(&mut self, plan: impl FnOnce() -> Plan) -> &mut Self {
        if self.fixing {
            self.fix = Some(Box::new(plan()));
        }
        self
    }
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
    /// Other rules this finding stands for too (see [`Finding::implies`]).
    pub fn implies(&mut self, ids: Vec<&'static str>) -> &mut Self {
        self.implies = ids;
        self
    }
}

/// Where a rule's findings go. It knows which rule is running, so a rule only says what and
/// where.
pub struct Sink<'t> {
    rule: &'static RuleMeta,
    tree: &'t Tree,
    raw: Vec<Raw>,
    fixing: bool,
    /// Where this rule's reports start in `raw`.
    first: usize,
    /// Reports made once `raw` held [`MAX_RAW`], or this rule [`MAX_FINDINGS`]; they go to
    /// `spare` and are counted here.
    dropped: usize,
    spare: Option<Raw>,
}

impl Sink<'_> {
    /// Reports a finding at a node (its whole written range).
    pub fn report(&mut self, node: NodeId, message: impl Into<String>) -> &mut Raw {
        // A finding on an alias is a finding on the node it names, where a fix would go; so
        // every use of one anchored node reports at one place and counts once (see the
        // de-duplication in `check_text`), however many aliases there are.
        let node = match self.tree.node(node) {
            crate::yaml::Node::Alias(target) => *target,
            _ => node,
        };
        let (start, end) = self.tree.range(node);
        let raw = self.report_range(start, end, message);
        raw.node = Some(node);
        raw
    }

    /// Reports a finding at a byte range of the text (for what has no node, like a comment).
    pub fn report_range(
        &mut self,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> &mut Raw {
        let raw = Raw {
            rule: self.rule,
            node: None,
            start,
            end,
            message: message.into(),
            resource: None,
            container: None,
            evidence: None,
            implies: Vec::new(),
            fix: None,
            fixing: self.fixing,
        };
        // Past the bound the report is still built (the rule goes on with it) but not kept.
        if self.raw.len() >= MAX_RAW || self.raw.len() - self.first >= MAX_FINDINGS {
            self.dropped += 1;
            return self.spare.insert(raw);
        }
        self.raw.push(raw);
        self.raw.last_mut().expect("just pushed")
    }
}

/// Checks several inputs with every rule.
pub fn check(inputs: &[Input]) -> Report {
    check_with(inputs, rules::ALL)
}

/// Checks several inputs with the given rules (tests use this to run one rule alone).
pub fn check_with(inputs: &[Input], rules: &[&'static Rule]) -> Report {
    check_with_options(inputs, rules, &Options::default())
}

/// Checks several inputs with the given rules and options.
pub fn check_with_options(inputs: &[Input], rules: &[&'static Rule], options: &Options) -> Report {
    let mut report = Report::default();
    for input in inputs {
        check_input(input, rules, options, &mut report);
    }
    report.findings.sort_by(|a, b| {
        (&a.file, a.span.start.offset, a.rule_id).cmp(&(&b.file, b.span.start.offset, b.rule_id))
    });
    report
}

fn check_input(input: &Input, rules: &[&'static Rule], options: &Options, report: &mut Report) {
    check_input_fixing(input, rules, options, report, None);
}

/// Checks one input and, when `fixes` is given, also builds the fix each finding offers.
pub(crate) fn check_input_fixing(
    input: &Input,
    rules: &[&'static Rule],
    options: &Options,
    report: &mut Report,
    fixes: Option<&RefCell<Vec<Fix>>>,
) {
    let lines = LineIndex::new(input.text);
    let mut summary = FileSummary {
        name: input.name.to_string(),
        lines: lines.line_count(),
        ..FileSummary::default()
    };
    let embed_budget = Cell::new(MAX_EMBEDDED_BYTES);
    let paths_seen = RefCell::new(HashSet::new());
    let root = Text {
        input,
        lines: &lines,
        text: input.text,
        map: OffsetMap::Identity,
        context: None,
        depth: 0,
        options,
        outer: None,
        inner_lines: OnceCell::new(),
        embed_budget: &embed_budget,
        path_prefix: String::new(),
        paths_seen: &paths_seen,
        fixes,
        scope: Scope::Root {
            crlf: input.text.contains("\r\n"),
        },
    };
    check_text(&root, rules, report, &mut summary);
    report.files.push(summary);
}

/// One text being checked: the pasted input itself, or a document inside one of its strings.
struct Text<'a> {
    input: &'a Input<'a>,
    /// Positions of the pasted input, which every finding is reported against.
    lines: &'a LineIndex,
    text: &'a str,
    /// From offsets of `text` to offsets of the pasted input.
    map: OffsetMap,
    /// Where `text` sits, for embedded documents (`pack kubernetes 1.29.4 → values`).
    context: Option<String>,
    depth: usize,
    options: &'a Options,
    /// For an embedded text, the text it sits in (whose comments can suppress its findings too).
    outer: Option<&'a Enclosing<'a>>,
    /// Line starts of `text`, built on first use (for positions inside a quoted string).
    inner_lines: OnceCell<LineIndex>,
    /// Bytes of embedded text that may still be parsed, shared by every level of one input.
    embed_budget: &'a Cell<usize>,
    /// For an embedded text, the YAML paths of the strings it sits in, each followed by ` > `;
    /// findings' paths start with it.
    path_prefix: String,
    /// The paths given to findings of this input so far, so that equal paths share one copy.
    paths_seen: &'a RefCell<HashSet<Arc<str>>>,
    /// Where fixes go, when they are asked for.
    fixes: Option<&'a RefCell<Vec<Fix>>>,
    /// How an edit of this text becomes an edit of the pasted input.
    scope: Scope<'a>,
}

/// How many distinct paths one input shares at most; past it, each finding has its own copy
/// (sharing pays only while paths repeat, and the set must not outgrow what it saves).
const MAX_SHARED_PATHS: usize = 65_536;

/// The most findings one check reports. Past it the most serious are kept and an error says
/// how many were left out, which also keeps the report from being graded. Real configs have
/// about 3 findings per KB, so this is reached only past some 15 MB of them; every finding
/// costs memory and output, and a hostile input can make one per 100 bytes.
pub const MAX_FINDINGS: usize = 50_000;

/// Reports held at most while rules run (before the same finding reached through many aliases
/// is counted once), in all and per rule; further reports are counted, not kept. Rules run
/// most severe first, so what is kept at the bound is what matters most.
const MAX_RAW: usize = 4 * MAX_FINDINGS;

impl Text<'_> {
    /// `path` as a shared string: the copy an earlier finding has, if any.
    fn shared_path(&self, path: String) -> Arc<str> {
        let mut seen = self.paths_seen.borrow_mut();
        if let Some(p) = seen.get(path.as_str()) {
            return p.clone();
        }
        let p: Arc<str> = Arc::from(path);
        if seen.len() < MAX_SHARED_PATHS {
            seen.insert(p.clone());
        }
        p
    }
}

/// What makes two reported findings the same: place, rule, message, resource, container and
/// evidence.
type RawKey<'r> = (usize, usize, &'static str, &'r str, [Option<&'r str>; 3]);

/// Said with every parse error of a template: what to do for a definite answer.
const TEMPLATE_HINT: &str = " (this file is a template; its logic lines were set aside, but it \
    still does not read as YAML: render it first, e.g. `helm template <chart> | posture check -`)";

/// A resource named by a template expression (`name: {{ .Release.Name }}-web`) is labelled
/// with the expression as written, not with the placeholder that stood in for it.
fn name_templated_object(tree: &Tree, text: &str, template: &embed::Prepared, obj: &mut Object) {
    if let Some(name) = as_written(
        tree,
        text,
        template,
        tree.path(obj.root, &["metadata", "name"]),
    ) {
        obj.name = Some(name);
    }
    let namespace = tree.path(obj.root, &["metadata", "namespace"]);
    if let Some(namespace) = as_written(tree, text, template, namespace) {
        obj.namespace = Some(namespace);
    }
}

/// A scalar that holds a template expression, as the template writes it.
fn as_written(
    tree: &Tree,
    text: &str,
    template: &embed::Prepared,
    node: Option<NodeId>,
) -> Option<String> {
    let (start, end) = tree.range(node?);
    template
        .touches_template(start, end)
        .then(|| text.get(start..end))
        .flatten()
        .map(|written| written.trim_matches(['"', '\'']).to_string())
}

/// How many bytes of embedded documents one input may have parsed in all, across every level.
/// Each string is parsed once however many aliases reach it, so real inputs stay far below
/// this; it bounds the work whatever the nesting.
pub const MAX_EMBEDDED_BYTES: usize = 16 * 1024 * 1024;

/// The text around an embedded one, as far as suppression comments go.
struct Enclosing<'a> {
    /// From offsets of the embedded text to offsets of the enclosing text.
    to_outer: OffsetMap,
    /// The enclosing text's suppression comments.
    comments: &'a Comments,
    /// What encloses the enclosing text, if it is embedded too.
    outer: Option<&'a Enclosing<'a>>,
}

impl Text<'_> {
    /// Why a finding of `rule_id` at `offset` of this text is suppressed, if it is: by this
    /// text's annotations or comments, or by a comment of an enclosing text on the line where
    /// the finding sits there (or the line above). Each text's comments are its own real
    /// comments, so a document inside a string can suppress its own findings and nothing
    /// outside it, and a `#` in a string of the outer text suppresses nothing.
    fn suppressed(&self, own: &Suppressions, rule_id: &str, offset: usize) -> Option<String> {
        if let Some(reason) = own.find(rule_id, offset) {
            return Some(reason);
        }
        let mut at = offset;
        let mut outer = self.outer;
        while let Some(link) = outer {
            at = link.to_outer.map(at);
            if let Some(reason) = link.comments.find(rule_id, at) {
                return Some(reason);
            }
            outer = link.outer;
        }
        None
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let root = self.input.text;
        let (s, e) = (self.map.map(start), self.map.map(end));
        self.lines.span(root, s, e.max(s))
    }

    /// For a string mapped to a single point, where inside the string a position is.
    fn inner_position(&self, offset: usize) -> Option<String> {
        if self.map.is_exact() {
            return None;
        }
        let lines = self.inner_lines.get_or_init(|| LineIndex::new(self.text));
        let p = lines.position(self.text, offset);
        Some(format!("line {}:{} of the value", p.line, p.column_utf16))
    }

    fn context_for(&self, offset: usize) -> Option<String> {
        match (&self.context, self.inner_position(offset)) {
            (Some(c), Some(p)) => Some(format!("{c} ({p})")),
            (Some(c), None) => Some(c.clone()),
            _ => None,
        }
    }
}

/// Keeps at most [`MAX_FINDINGS`] in the report: when the kept reports (and those dropped while
/// rules ran) would pass it, only the most serious that fit stay, and an error says how many
/// were left out.
fn limit_findings(t: &Text, raw: &[Raw], keep: &mut [bool], dropped: usize, report: &mut Report) {
    let room = MAX_FINDINGS.saturating_sub(report.findings.len());
    let kept = keep.iter().filter(|k| **k).count();
    if kept <= room && dropped == 0 {
        return;
    }
    // Most serious first; among equals, in the order the rules reported them.
    let severities: Vec<Severity> = raw
        .iter()
        .map(|r| rules::folded_severity(r.rule, &r.implies))
        .collect();
    let mut left = room;
    // `Severity::ALL` runs from critical down.
    for severity in Severity::ALL.iter() {
        for (i, k) in keep.iter_mut().enumerate() {
            if *k && severities[i] == *severity {
                match left {
                    0 => *k = false,
                    _ => left -= 1,
                }
            }
        }
    }
    // Reports dropped while rules ran may repeat kept ones (aliases), so only kept ones count.
    let left_out = match dropped {
        0 => format!("{} more were", kept - room),
        _ => "more were".to_string(),
    };
    report.errors.push(InputError {
        file: t.input.name.to_string(),
        span: t.span(0, 0),
        message: format!(
            "more than {MAX_FINDINGS} findings: the most serious are reported and {left_out} \
             left out, so this report is partial"
        ),
    });
}

fn check_text(t: &Text, rules: &[&'static Rule], report: &mut Report, summary: &mut FileSummary) {
    let template = embed::prepare_templates(t.text);
    let prepared = &template.text;
    let loaded = yaml::load(prepared, &Limits::default());
    for e in &loaded.errors {
        let mut message = match t.context_for(e.offset) {
            Some(c) => format!("{} (in {c})", e.message),
            None => e.message.clone(),
        };
        if !template.directive_lines.is_empty() {
            message.push_str(TEMPLATE_HINT);
        }
        report.errors.push(InputError {
            file: t.input.name.to_string(),
            span: t.span(e.offset, e.offset),
            message,
        });
    }
    let tree = &loaded.tree;
    let mut documents = Vec::new();
    let mut objects = Vec::new();
    for doc in &loaded.documents {
        if tree.is_null(doc.root) {
            continue;
        }
        let (content_start, _) = tree.range(doc.root);
        let preamble = t.text.get(doc.start..content_start).unwrap_or("");
        let kind = document::classify(tree, doc.root, preamble);
        if kind == DocKind::KubernetesObject {
            let first = objects.len();
            document::add_objects(tree, doc.root, &mut objects);
            if !template.placeholders.is_empty() {
                for obj in &mut objects[first..] {
                    name_templated_object(tree, t.text, &template, obj);
                }
            }
        }
        documents.push(Classified {
            root: doc.root,
            kind,
        });
    }
    let roots: Vec<NodeId> = documents.iter().map(|d| d.root).collect();
    let mut embedded = embed::candidates(tree, &roots);
    if t.depth >= MAX_EMBED_DEPTH {
        // Deeper strings are not opened; say so, so the report is not taken for clean.
        for (root, candidate) in embedded.drain(..) {
            let (start, _) = tree.range(candidate.node);
            let here = embed::describe(tree, root, &candidate.path);
            let place = match &t.context {
                Some(outer) => format!("{outer} → {here}"),
                None => here,
            };
            report.errors.push(InputError {
                file: t.input.name.to_string(),
                span: t.span(start, start),
                message: format!(
                    "a document inside a string nested more than {MAX_EMBED_DEPTH} levels \
                     deep was not read, so nothing in it was checked (in {place})"
                ),
            });
        }
    }
    let mut pods = pod::pod_specs(tree, &objects);
    if !template.placeholders.is_empty() {
        for container in pods.iter_mut().flat_map(|p| p.containers.iter_mut()) {
            let name = tree.get(container.node, "name");
            if let Some(name) = as_written(tree, t.text, &template, name) {
                container.name = name;
            }
        }
    }
    // Flags wherever they are written; a KubeletConfiguration's fields become kubelet flags,
    // so kubelet rules read (and count) one shape.
    let flag_sets = documents
        .iter()
        .flat_map(|d| match d.kind {
            DocKind::Kubeadm | DocKind::PackValues | DocKind::K3sConfig => {
                flags::flag_sets(tree, d.root)
            }
            DocKind::KubeletConfiguration => vec![flags::kubelet_configuration(tree, d.root)],
            DocKind::KubernetesObject => flags::capi_flag_sets(tree, d.root),
            _ => Vec::new(),
        })
        .collect();
    let namespace_versions = pss::namespace_versions(tree, &objects);
    let default_version = t.options.pss_version.unwrap_or(pss::LATEST);
    let pss = pods
        .iter()
        .map(|p| {
            let ns = objects[p.object].namespace.as_deref().unwrap_or("default");
            let version = namespace_versions
                .get(ns)
                .copied()
                .unwrap_or(default_version);
            let mut assessed = pss::assess(tree, p, version);
            if t.options.pss_level == Some(pss::Level::Baseline) {
                assessed.retain(|a| a.baseline);
            }
            assessed
        })
        .collect();
    let policy_rules = rbac::policy_rules(tree, &objects);
    let bindings = rbac::bindings(tree, &objects);
    let mut by_kind: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        // The kind is copied once per kind, not once per object.
        match by_kind.get_mut(o.kind.as_str()) {
            Some(list) => list.push(i),
            None => {
                by_kind.insert(o.kind.clone(), vec![i]);
            }
        }
    }
    let ctx = Context {
        by_kind,
        tree,
        text: prepared,
        embedded: t.depth > 0,
        documents,
        objects,
        pods,
        policy_rules,
        bindings,
        flag_sets,
        pss,
        template_lines: &template.directive_lines,
        running: rules,
    };
    let mut raw = Vec::new();
    let mut dropped = 0;
    let mut not_run = 0;
    let by_severity = Severity::ALL
        .iter()
        .flat_map(|s| (0..rules.len()).filter(move |&i| rules[i].meta.severity == *s));
    let mut ran = vec![false; rules.len()];
    for i in by_severity {
        let rule = rules[i];
        // With the held reports at their bound, whatever a further rule found would only be
        // counted; so the rest (none more severe) are not run, and not counted as examined.
        if raw.len() >= MAX_RAW {
            not_run += 1;
            continue;
        }
        let mut sink = Sink {
            rule: &rule.meta,
            tree,
            first: raw.len(),
            raw: std::mem::take(&mut raw),
            fixing: t.fixes.is_some(),
            dropped: 0,
            spare: None,
        };
        (rule.check)(&ctx, &mut sink);
        raw = sink.raw;
        dropped += sink.dropped;
        ran[i] = true;
    }
    // Counted in the catalogue's order, which is by rule ID: a file's map is built in one go.
    report.add_applicable(
        rules
            .iter()
            .zip(ran)
            .filter(|(_, ran)| *ran)
            .map(|(rule, _)| (rule.meta.id, ctx.count(rule.meta.subject))),
    );
    let suppressions = Suppressions::new(&ctx, t.text);
    // A region a sender withheld from a share link was never seen here: not read, not clean.
    for (start, end) in tree.comments() {
        if prepared
            .get(start..end)
            .is_some_and(|c| c.starts_with(crate::share::redact::WITHHELD))
        {
            report.errors.push(InputError {
                file: t.input.name.to_string(),
                span: t.span(start, start),
                message: "the sender withheld this part of the config from the link, as it \
                          could not be searched for secrets, so it was not checked"
                    .to_string(),
            });
        }
    }
    if not_run > 0 {
        report.errors.push(InputError {
            file: t.input.name.to_string(),
            span: t.span(0, 0),
            message: format!(
                "{MAX_RAW} findings were reported before {not_run} less severe rules ran; \
                 those rules were not run, so this report is partial"
            ),
        });
    }
    if tree.alias_budget_exhausted() {
        report.errors.push(InputError {
            file: t.input.name.to_string(),
            span: t.span(0, 0),
            message: "too many alias references to follow; results for this input are partial"
                .to_string(),
        });
    }
    // Rules that reach one node through many aliases report it many times over; the same
    // finding at the same place counts once, so 50,000 aliases of a privileged container make
    // one finding, not 50,000. Equal findings are found by sorting indices (four bytes each)
    // rather than hashing their fields.
    fn key(r: &Raw) -> RawKey<'_> {
        (
            r.start,
            r.end,
            r.rule.id,
            r.message.as_str(),
            [
                r.resource.as_deref(),
                r.container.as_deref(),
                r.evidence.as_deref(),
            ],
        )
    }
    let mut order: Vec<u32> = (0..raw.len() as u32).collect();
    // Stable, so of equal findings the first reported is the one kept.
    order.sort_by(|&a, &b| key(&raw[a as usize]).cmp(&key(&raw[b as usize])));
    let mut keep = vec![true; raw.len()];
    for pair in order.windows(2) {
        if key(&raw[pair[0] as usize]) == key(&raw[pair[1] as usize]) {
            keep[pair[1] as usize] = false;
        }
    }
    drop(order);
    limit_findings(t, &raw, &mut keep, dropped, report);
    // Parent links for spelling YAML paths, built only when something needs a path.
    let paths = OnceCell::new();
    let paths = || paths.get_or_init(|| Paths::new(tree));
    let target = Target::new(tree, prepared, t.text, &ctx.documents);
    for (mut raw, keep) in raw.into_iter().zip(keep) {
        if !keep {
            continue;
        }
        let (start, end) = (raw.start, raw.end);
        // A value that is wholly a template expression is unknown until rendered: a finding
        // about it would judge the placeholder. One that is partly templated is kept and says so.
        if template.wholly_templated(start, end) || template.fills_part_of(start, end) {
            continue;
        }
        let value = prepared.get(start..end).unwrap_or("");
        if template.touches_template(start, end) && !value.contains('\n') {
            // Quote the value as written (`{{ .Values.tag }}`), not its placeholder.
            if let Some(written) = t.text.get(start..end).filter(|_| !value.is_empty()) {
                raw.message = raw.message.replace(value, written);
                raw.evidence = raw.evidence.map(|e| e.replace(value, written));
            }
            raw.message.push_str(
                " (Part of this value is a template expression; the rendered value may differ.)",
            );
        }
        let suppressed = t.suppressed(&suppressions, raw.rule.id, start);
        let inner = match raw.node {
            Some(node) => paths().of(node),
            None => paths().at_offset(&loaded.documents, start),
        };
        let plan = raw.fix.take();
        report.findings.push(Finding {
            rule_id: raw.rule.id,
            rule_slug: raw.rule.slug,
            severity: rules::folded_severity(raw.rule, &raw.implies),
            title: raw.rule.title,
            message: raw.message,
            file: t.input.name.to_string(),
            span: t.span(start, end),
            resource: raw.resource,
            container: raw.container,
            path: t.shared_path(yaml::path::join(&t.path_prefix, inner)),
            evidence: raw.evidence,
            context: t.context_for(start),
            suppressed,
            implies: raw.implies,
        });
        // A suppressed finding was accepted as it is: nothing to fix.
        if let (Some(fixes), Some(plan), Some(finding)) = (t.fixes, plan, report.findings.last()) {
            if finding.suppressed.is_none() {
                fixes
                    .borrow_mut()
                    .push(Fix::new(finding.clone(), *plan, &target, &t.scope));
            }
        }
    }
    if t.depth == 0 {
        report.evaluated_documents += ctx.documents.iter().filter(|d| d.kind.evaluated()).count();
    }
    summary.documents += ctx.documents.len();
    summary.resources += ctx.objects.len();

    // A string reached through many aliases is one string: it is checked once, at its first
    // use, so reuse cannot multiply the work (40 aliases on each of three levels once meant
    // 64,000 parses).
    let mut parsed: HashSet<NodeId> = HashSet::new();
    for (doc_root, candidate) in embedded {
        let Some(source) = tree.resolve(candidate.node) else {
            continue;
        };
        if !parsed.insert(source) {
            continue;
        }
        let Some(value) = tree.str(source) else {
            continue;
        };
        let left = t.embed_budget.get();
        if value.len() > left {
            t.embed_budget.set(0);
            let (start, end) = tree.range(candidate.node);
            report.errors.push(InputError {
                file: t.input.name.to_string(),
                span: t.span(start, end),
                message: format!(
                    "embedded documents of this input total more than {} MiB; this one and \
                     the rest were not read",
                    MAX_EMBEDDED_BYTES / 1024 / 1024
                ),
            });
            break;
        }
        t.embed_budget.set(left - value.len());
        let map = embed::offset_map(tree, candidate.node, prepared, value, &t.map);
        let enclosing = Enclosing {
            to_outer: embed::offset_map(
                tree,
                candidate.node,
                prepared,
                value,
                &OffsetMap::Identity,
            ),
            comments: &suppressions.comments,
            outer: t.outer,
        };
        let here = embed::describe(tree, doc_root, &candidate.path);
        let context = match &t.context {
            Some(outer) => format!("{outer} → {here}"),
            None => here,
        };
        let path_prefix = format!("{}{} > ", t.path_prefix, paths().of(candidate.node));
        let scope = Scope::inside(tree, candidate.node, prepared, value, &t.scope);
        let inner = Text {
            fixes: t.fixes,
            scope,
            input: t.input,
            lines: t.lines,
            text: value,
            map,
            context: Some(context),
            depth: t.depth + 1,
            options: t.options,
            outer: Some(&enclosing),
            inner_lines: OnceCell::new(),
            embed_budget: t.embed_budget,
            path_prefix,
            paths_seen: t.paths_seen,
        };
        check_text(&inner, rules, report, summary);
    }
}
