//! One component per file.

pub mod editor;
pub mod findings;
pub mod status;
