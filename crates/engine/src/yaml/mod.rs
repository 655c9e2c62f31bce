//! YAML and JSON (a subset of YAML 1.2) loaded into a span-keeping node arena.

#[cfg(not(target_arch = "wasm32"))]
mod fast;
mod load;
pub mod path;
mod scalars;
mod tree;

pub use load::{fast_reader_coverage, load, load_reference, Document, Limits, LoadError, Loaded};
pub use path::Paths;
pub use scalars::{k8s_bool, k8s_int, k8s_null, BoolSpelling};
pub use tree::{
    DuplicateKey, Entry, Node, NodeId, Scalar, ScalarStyle, Tree, DEFAULT_ALIAS_BUDGET,
};

#[cfg(test)]
mod tests;
