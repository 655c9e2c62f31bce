//! Typed views over Kubernetes objects: what rules read instead of raw nodes.

pub mod flags;
pub mod image;
pub mod pod;
pub mod pss;
pub mod rbac;
pub mod selector;
