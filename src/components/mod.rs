//! One component per file.

pub mod comparison;
pub mod editor;
pub mod embed_bar;
pub mod exports;
pub mod finding_item;
pub mod findings;
pub mod header;
pub mod rule_catalogue;
pub mod rule_page;
pub mod scorecard;
pub mod settings;
pub mod share_banner;
pub mod share_dialog;
pub mod status;
pub mod top_issues;
