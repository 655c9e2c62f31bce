//! Posture's engine: reads pasted configuration, checks it against the seven security
//! principles and renders the findings. Pure Rust, no web dependencies; the page and the CLI
//! are thin layers over [`check`].
//!
//! Flow: text → [`yaml`] documents (spanned nodes) → [`document`] kinds and [`k8s`] typed
//! views → [`rules`] → [`finding::Finding`]s → [`report`] (text, JSON, SARIF, Markdown).

// The size-tuned release build prints nothing for `{:?}` (-Zfmt-debug=none), so Debug output
// must never reach what users see; tests may use it.
#![cfg_attr(not(test), warn(clippy::use_debug))]

pub mod baseline;
pub mod check;
pub mod compare;
pub mod config;
pub mod document;
pub mod embed;
pub mod encoding;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod frameworks;
pub mod glob;
pub mod k8s;
pub mod model;
pub mod report;
pub mod rule;
pub mod rules;
pub mod score;
pub mod secrets;
pub mod share;
pub mod source;
pub mod suppress;
pub mod yaml;

pub use check::{check, check_with, check_with_options, Input, Options};
pub use finding::{Finding, InputError};
pub use model::{Pillar, Principle, Severity};
pub use report::Report;
pub use rule::{Rule, RuleMeta};
