//! One component per file.

pub mod comparison;
pub mod editor;
pub mod embed_bar;
pub mod exports;
pub mod finding_item;
pub mod findings;
pub mod fix_bar;
pub mod fix_preview;
pub mod framework_catalogue;
pub mod framework_view;
pub mod header;
pub mod rule_catalogue;
pub mod rule_page;
pub mod scorecard;
pub mod settings;
pub mod share_banner;
pub mod share_dialog;
pub mod status;
pub mod top_issues;
