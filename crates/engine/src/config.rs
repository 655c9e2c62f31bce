//! `.posture.yaml`: a repository's settings for Posture — which rules run (and where), their
//! severities, the `fail-on` threshold, the Pod Security Standards level and version, and
//! paths to leave out. The CLI finds the file; this module only reads its text and applies it,
//! so the page can take the same file and agree with CI.
//!
//! ```yaml
//! fail-on: high              # critical | high | medium | low | info | none
//! pss:
//!   level: baseline          # baseline | restricted (default: both reported)
//!   version: v1.30           # latest | v1.N
//! rules:
//!   enable: [LP102, LP103]   # when given, only these rules run
//!   disable: [CI101, mutable-image-tag]
//!   severity:
//!     DS900: low
//! exclude:                   # paths never checked
//!   - "test/fixtures/**"
//! per-path:                  # rules switched off under some paths only
//!   - paths: ["charts/vendor/**"]
//!     disable: [LP102]
//! ```
//!
//! Rules are named by ID or slug. Unknown keys, unknown rules and bad values are errors with
//! their line and column, never ignored: a typo must not quietly switch a check off.

use crate::check::Options;
use crate::glob::Glob;
use crate::k8s::pss;
use crate::model::Severity;
use crate::report::Report;
use crate::rule::Rule;
use crate::rules;
use crate::source::LineIndex;
use crate::yaml::{self, Limits, Node, NodeId, Tree};

/// The file name the CLI looks for in the current directory and its parents.
pub const FILE_NAME: &str = ".posture.yaml";

/// A config larger than this is refused (a real one is a few hundred bytes).
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// From which severity findings fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Never,
    AtOrAbove(Severity),
}

impl FailOn {
    /// `none` or a severity name.
    pub fn parse(text: &str) -> Option<FailOn> {
        if text.eq_ignore_ascii_case("none") {
            return Some(FailOn::Never);
        }
        Severity::parse(text).map(FailOn::AtOrAbove)
    }
}

/// Rules switched off under some paths.
#[derive(Clone, Debug, Default)]
pub struct PathRules {
    pub paths: Vec<Glob>,
    pub disable: Vec<&'static Rule>,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub fail_on: Option<FailOn>,
    pub pss_level: Option<pss::Level>,
    pub pss_version: Option<pss::Version>,
    /// When set, only these rules run.
    pub enable: Option<Vec<&'static Rule>>,
    pub disable: Vec<&'static Rule>,
    pub severity: Vec<(&'static Rule, Severity)>,
    pub exclude: Vec<Glob>,
    pub per_path: Vec<PathRules>,
}

/// A mistake in the config, at a 1-based line and column (in bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl Config {
    /// Reads a config text. Every mistake is listed, not only the first.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let lines = LineIndex::new(text);
        let at = |offset: usize, message: String| {
            let p = lines.position(text, offset);
            ConfigError {
                line: p.line,
                column: p.column,
                message,
            }
        };
        if text.len() > MAX_CONFIG_BYTES {
            return Err(vec![at(0, "the config is larger than 1 MiB".to_string())]);
        }
        let loaded = yaml::load(text, &Limits::default());
        if !loaded.errors.is_empty() {
            return Err(loaded
                .errors
                .iter()
                .map(|e| at(e.offset, e.message.clone()))
                .collect());
        }
        let tree = &loaded.tree;
        let mut reader = Reader {
            tree,
            errors: Vec::new(),
        };
        for d in tree.duplicate_keys() {
            let key = tree.str(d.duplicate).unwrap_or("");
            reader.error(d.duplicate, format!("`{key}` is given twice"));
        }
        let mut config = Config::default();
        let roots: Vec<NodeId> = loaded
            .documents
            .iter()
            .map(|d| d.root)
            .filter(|&r| !tree.is_null(r))
            .collect();
        match roots.as_slice() {
            [] => {}
            [root] => reader.top(*root, &mut config),
            [_, second, ..] => reader.error(*second, "the config must be one YAML document".into()),
        }
        if reader.errors.is_empty() {
            Ok(config)
        } else {
            let mut errors: Vec<ConfigError> = reader
                .errors
                .into_iter()
                .map(|(offset, message)| at(offset, message))
                .collect();
            errors.sort_by_key(|e| (e.line, e.column));
            Err(errors)
        }
    }

    /// The rules to run on the file at `path` (relative to the config's directory).
    pub fn rules_for(&self, path: &str) -> Vec<&'static Rule> {
        rules::ALL
            .iter()
            .copied()
            .filter(|r| self.runs(r.meta.id, path))
            .collect()
    }

    /// Whether the rule `id` runs on the file at `path`.
    pub fn runs(&self, id: &str, path: &str) -> bool {
        let named = |list: &[&Rule]| list.iter().any(|r| r.meta.id == id);
        self.enable.as_deref().is_none_or(named)
            && !named(&self.disable)
            && !self
                .per_path
                .iter()
                .any(|p| named(&p.disable) && p.paths.iter().any(|g| g.matches(path)))
    }

    /// Whether `path` (relative to the config's directory) is left out of the check.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude.iter().any(|g| g.matches(path))
    }

    /// The check options this config sets (PSS version and level).
    pub fn options(&self) -> Options {
        Options {
            pss_version: self.pss_version,
            pss_level: self.pss_level,
        }
    }

    /// Applies the rule settings to a report made with every rule: drops the findings of rules
    /// that do not run on their file (file names are taken as paths relative to the config),
    /// forgets what disabled rules examined (so the scorecard neither credits nor blames them)
    /// and sets overridden severities. A report made with [`Config::rules_for`] only needs the
    /// severities, and gets them here too.
    pub fn apply(&self, report: &mut Report) {
        report.findings.retain(|f| self.runs(f.rule_id, &f.file));
        report.applicable.retain(|id, _| {
            self.enable
                .as_deref()
                .is_none_or(|l| l.iter().any(|r| r.meta.id == *id))
        });
        report
            .applicable
            .retain(|id, _| !self.disable.iter().any(|r| r.meta.id == *id));
        self.set_severities(report);
    }

    /// Sets the severities the config overrides.
    pub fn set_severities(&self, report: &mut Report) {
        if self.severity.is_empty() {
            return;
        }
        for f in &mut report.findings {
            if let Some((_, sev)) = self.severity.iter().find(|(r, _)| r.meta.id == f.rule_id) {
                f.severity = *sev;
            }
        }
    }
}

/// Walks the config's tree, collecting every mistake with its byte offset.
struct Reader<'t> {
    tree: &'t Tree,
    errors: Vec<(usize, String)>,
}

impl Reader<'_> {
    fn error(&mut self, node: NodeId, message: String) {
        let (start, _) = self.tree.range(node);
        self.errors.push((start, message));
    }

    /// The entries of a mapping as (key text, key node, value node); an error if it is not one.
    fn mapping(&mut self, node: NodeId, what: &str) -> Vec<(String, NodeId, NodeId)> {
        let Some(node) = self.tree.resolve(node) else {
            return Vec::new();
        };
        if !self.tree.is_mapping(node) {
            self.error(node, format!("{what} must be a mapping of keys to values"));
            return Vec::new();
        }
        let mut out = Vec::new();
        for e in self.tree.entries(node) {
            match self.tree.str(e.key) {
                Some(k) => out.push((k.to_string(), e.key, e.value)),
                None => self.error(e.key, "keys must be plain names".into()),
            }
        }
        out
    }

    fn string(&mut self, node: NodeId, what: &str) -> Option<String> {
        match self.tree.str(node) {
            Some(s) if !matches!(self.tree.node(node), Node::Mapping(_) | Node::Sequence(_)) => {
                Some(s.to_string())
            }
            _ => {
                self.error(node, format!("{what} must be a single value"));
                None
            }
        }
    }

    /// A list of strings; a single string counts as a list of one.
    fn strings(&mut self, node: NodeId, what: &str) -> Vec<(String, NodeId)> {
        let Some(node) = self.tree.resolve(node) else {
            return Vec::new();
        };
        if self.tree.is_sequence(node) {
            let items = self.tree.items(node).to_vec();
            items
                .into_iter()
                .filter_map(|i| {
                    self.string(i, &format!("each item of {what}"))
                        .map(|s| (s, i))
                })
                .collect()
        } else if self.tree.is_null(node) {
            Vec::new()
        } else {
            self.string(node, what)
                .map(|s| (s, node))
                .into_iter()
                .collect()
        }
    }

    fn rules(&mut self, node: NodeId, what: &str) -> Vec<&'static Rule> {
        let mut out = Vec::new();
        for (name, at) in self.strings(node, what) {
            match rules::find(&name) {
                Some(r) => out.push(r),
                None => self.error(
                    at,
                    format!("no rule `{name}` in {what} (`posture rules` lists them)"),
                ),
            }
        }
        out
    }

    fn globs(&mut self, node: NodeId, what: &str) -> Vec<Glob> {
        let mut out = Vec::new();
        for (text, at) in self.strings(node, what) {
            match Glob::new(&text) {
                Some(g) => out.push(g),
                None => self.error(at, format!("an empty path pattern in {what}")),
            }
        }
        out
    }

    fn unknown(&mut self, key: &str, at: NodeId, known: &str) {
        self.error(at, format!("unknown key `{key}` (known here: {known})"));
    }

    fn top(&mut self, root: NodeId, config: &mut Config) {
        for (key, key_node, value) in self.mapping(root, "the config") {
            match key.as_str() {
                "fail-on" => {
                    if let Some(text) = self.string(value, "fail-on") {
                        match FailOn::parse(&text) {
                            Some(f) => config.fail_on = Some(f),
                            None => self.error(
                                value,
                                format!(
                                    "fail-on must be critical, high, medium, low, info or none, \
                                     not `{text}`"
                                ),
                            ),
                        }
                    }
                }
                "pss" => self.pss(value, config),
                "rules" => self.rule_settings(value, config),
                "exclude" => config.exclude = self.globs(value, "exclude"),
                "per-path" => self.per_path(value, config),
                _ => self.unknown(&key, key_node, "fail-on, pss, rules, exclude, per-path"),
            }
        }
    }

    fn pss(&mut self, node: NodeId, config: &mut Config) {
        for (key, key_node, value) in self.mapping(node, "pss") {
            let Some(text) = (match key.as_str() {
                "level" | "version" => self.string(value, &format!("pss.{key}")),
                _ => {
                    self.unknown(&key, key_node, "level, version");
                    None
                }
            }) else {
                continue;
            };
            if key == "level" {
                match text.to_ascii_lowercase().as_str() {
                    "baseline" => config.pss_level = Some(pss::Level::Baseline),
                    "restricted" => config.pss_level = Some(pss::Level::Restricted),
                    _ => self.error(
                        value,
                        format!("pss.level must be baseline or restricted, not `{text}`"),
                    ),
                }
            } else {
                match pss::Version::parse_option(&text) {
                    Some(v) => config.pss_version = Some(v),
                    None => self.error(
                        value,
                        format!("pss.version must be latest or v1.N, not `{text}`"),
                    ),
                }
            }
        }
    }

    fn rule_settings(&mut self, node: NodeId, config: &mut Config) {
        for (key, key_node, value) in self.mapping(node, "rules") {
            match key.as_str() {
                "enable" => config.enable = Some(self.rules(value, "rules.enable")),
                "disable" => config.disable = self.rules(value, "rules.disable"),
                "severity" => {
                    for (name, name_node, sev_node) in self.mapping(value, "rules.severity") {
                        let rule = rules::find(&name);
                        if rule.is_none() {
                            self.error(
                                name_node,
                                format!(
                                    "no rule `{name}` in rules.severity (`posture rules` lists \
                                     them)"
                                ),
                            );
                        }
                        let Some(text) = self.string(sev_node, "a severity") else {
                            continue;
                        };
                        match (rule, Severity::parse(&text)) {
                            (Some(r), Some(sev)) => config.severity.push((r, sev)),
                            (_, None) => self.error(
                                sev_node,
                                format!(
                                    "a severity is critical, high, medium, low or info, not \
                                     `{text}`"
                                ),
                            ),
                            (None, Some(_)) => {}
                        }
                    }
                }
                _ => self.unknown(&key, key_node, "enable, disable, severity"),
            }
        }
    }

    fn per_path(&mut self, node: NodeId, config: &mut Config) {
        let Some(node) = self.tree.resolve(node) else {
            return;
        };
        if !self.tree.is_sequence(node) {
            self.error(
                node,
                "per-path must be a list of {paths, disable} entries".into(),
            );
            return;
        }
        for item in self.tree.items(node).to_vec() {
            let mut entry = PathRules::default();
            let entries = self.mapping(item, "each per-path entry");
            for (key, key_node, value) in &entries {
                match key.as_str() {
                    "paths" => entry.paths = self.globs(*value, "per-path paths"),
                    "disable" => entry.disable = self.rules(*value, "per-path disable"),
                    _ => self.unknown(key, *key_node, "paths, disable"),
                }
            }
            let has = |k: &str| entries.iter().any(|(key, _, _)| key == k);
            let complete = has("paths") && has("disable");
            if !entries.is_empty() && !complete {
                self.error(item, "a per-path entry needs both paths and disable".into());
            }
            config.per_path.push(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match Config::parse(text) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_setting_is_read() {
        let c = Config::parse(
            "# settings\nfail-on: medium\npss:\n  level: baseline\n  version: v1.29\nrules:\n  \
             disable: [CI101, mutable-image-tag]\n  severity:\n    DS900: low\nexclude:\n  - \
             'test/**'\nper-path:\n  - paths: [charts/vendor/**]\n    disable: LP102\n",
        )
        .expect("a valid config");
        assert_eq!(c.fail_on, Some(FailOn::AtOrAbove(Severity::Medium)));
        assert_eq!(c.pss_level, Some(pss::Level::Baseline));
        assert_eq!(c.pss_version, pss::Version::parse_option("v1.29"));
        assert_eq!(c.disable.len(), 2);
        assert!(!c.runs("CI101", "a.yaml"));
        assert!(c.runs("LP102", "a.yaml"));
        assert!(!c.runs("LP102", "charts/vendor/x/deploy.yaml"));
        assert!(c.excludes("test/fixtures/a.yaml"));
        assert!(!c.excludes("src/a.yaml"));
        assert_eq!(c.severity[0].1, Severity::Low);
        assert_eq!(c.rules_for("a.yaml").len(), rules::ALL.len() - 2);
        assert_eq!(
            c.rules_for("charts/vendor/a.yaml").len(),
            rules::ALL.len() - 3
        );
    }

    #[test]
    fn enable_is_an_allow_list_and_empty_configs_change_nothing() {
        let c = Config::parse("rules:\n  enable: [LP102]\n").expect("valid");
        assert_eq!(c.rules_for("x").len(), 1);
        for empty in ["", "# only a comment\n", "---\n"] {
            let c = Config::parse(empty).expect("valid");
            assert_eq!(c.rules_for("x").len(), rules::ALL.len());
            assert_eq!(c.fail_on, None);
        }
    }

    #[test]
    fn mistakes_are_errors_with_their_place() {
        assert_eq!(
            errors("fail-on: high\nfial-on: low\n"),
            ["2:1: unknown key `fial-on` (known here: fail-on, pss, rules, exclude, per-path)"]
        );
        assert_eq!(
            errors("fail-on: severe\n"),
            ["1:10: fail-on must be critical, high, medium, low, info or none, not `severe`"]
        );
        assert_eq!(
            errors("rules:\n  disable: [LP102, NOPE1]\n"),
            ["2:20: no rule `NOPE1` in rules.disable (`posture rules` lists them)"]
        );
        assert_eq!(
            errors("pss:\n  level: strict\n  version: 2\n"),
            [
                "2:10: pss.level must be baseline or restricted, not `strict`",
                "3:12: pss.version must be latest or v1.N, not `2`"
            ]
        );
        assert_eq!(
            errors("rules:\n  severity:\n    LP102: loud\n"),
            ["3:12: a severity is critical, high, medium, low or info, not `loud`"]
        );
        assert_eq!(
            errors("exclude: ['']\n"),
            ["1:11: an empty path pattern in exclude"]
        );
        assert_eq!(
            errors("- a\n"),
            ["1:1: the config must be a mapping of keys to values"]
        );
        assert_eq!(
            errors("per-path:\n  - paths: [a]\n"),
            ["2:5: a per-path entry needs both paths and disable"]
        );
        assert_eq!(
            errors("fail-on: low\nfail-on: high\n"),
            ["2:1: `fail-on` is given twice"]
        );
        assert_eq!(
            errors("a: 1\n---\nb: 2\n"),
            ["3:1: the config must be one YAML document"]
        );
        let syntax = errors("rules: [\n");
        assert_eq!(syntax.len(), 1);
        assert!(
            syntax[0].starts_with("1:") || syntax[0].starts_with("2:"),
            "{syntax:?}"
        );
    }

    #[test]
    fn apply_filters_a_full_report_by_path_and_overrides_severities() {
        let c = Config::parse(
            "rules:\n  severity: {privileged-container: low}\nper-path:\n  - paths: [vendor]\n    \
             disable: [LP102]\n",
        )
        .expect("valid");
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - \
                    name: c\n    image: nginx@sha256:0\n    securityContext: {privileged: true}\n";
        let mut report = crate::check(&[
            crate::Input {
                name: "vendor/p.yaml",
                text,
            },
            crate::Input {
                name: "own/p.yaml",
                text,
            },
        ]);
        let before = report
            .findings
            .iter()
            .filter(|f| f.rule_id == "LP102")
            .count();
        assert_eq!(before, 2);
        c.apply(&mut report);
        let lp102: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule_id == "LP102")
            .collect();
        assert_eq!(lp102.len(), 1);
        assert_eq!(lp102[0].file, "own/p.yaml");
        assert_eq!(lp102[0].severity, Severity::Low);
    }

    #[test]
    fn hostile_configs_are_errors_not_panics() {
        for text in [
            "*a",
            "&a [*a, *a]",
            "rules: {enable: {a: 1}}",
            "per-path: [[1]]",
            "? [a]\n: b",
        ] {
            let _ = Config::parse(text);
        }
        assert!(Config::parse(&"a".repeat(MAX_CONFIG_BYTES + 1)).is_err());
    }
}
