//! Typed views over Kubernetes objects: what rules read instead of raw nodes.

pub mod pod;
pub mod image;
pub mod rbac;
