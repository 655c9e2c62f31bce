//! What a rule says about fixing one finding: a few intents over the finding's nodes
//! ("set this key under that mapping"), never text. [`super::edit`] turns them into minimal
//! text edits, so rule files stay short and no rule writes YAML by hand.

use serde::Serialize;

use crate::yaml::NodeId;

/// Whether applying a fix can change how a correct workload behaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "class", content = "reason", rename_all = "lowercase")]
pub enum Safety {
    /// Cannot break a workload that works today.
    Safe,
    /// May change behaviour; the reason says how, so a person decides.
    Review(&'static str),
}

/// A value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar written as is: booleans, numbers, enum words (`false`, `0`, `RuntimeDefault`).
    Plain(String),
    /// A string that must stay a string (an annotation, a kubeadm flag value): quoted when
    /// plain text would read as something else.
    Text(String),
    Map(Vec<(String, Value)>),
    List(Vec<Value>),
}

impl Value {
    pub fn plain(s: impl Into<String>) -> Value {
        Value::Plain(s.into())
    }
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
}

/// One change to the document, by node.
#[derive(Clone, Debug)]
pub enum Intent {
    /// Make `path` under the mapping `at` hold `value`: the value is replaced where the key is
    /// written, missing keys are inserted (with the mappings that hold them).
    Set {
        at: NodeId,
        path: Vec<String>,
        value: Value,
    },
    /// Append `item` to the sequence at `path` under the mapping `at`, creating a one-item
    /// sequence when the key is missing.
    Append {
        at: NodeId,
        path: Vec<String>,
        item: Value,
    },
    /// Remove one item of a sequence.
    RemoveItem { seq: NodeId, item: NodeId },
    /// Replace one scalar.
    Replace { node: NodeId, value: Value },
    /// Add a new document (`---` and the text) at the end of the input.
    AppendDocument(String),
}

/// How a rule would fix one finding.
#[derive(Clone, Debug)]
pub struct Plan {
    /// What the fix does, in a short sentence.
    pub title: String,
    pub safety: Safety,
    /// The changes, or why the finding cannot be fixed safely here.
    pub intents: Result<Vec<Intent>, String>,
}

impl Plan {
    pub fn new(title: impl Into<String>, safety: Safety, intents: Vec<Intent>) -> Plan {
        Plan {
            title: title.into(),
            safety,
            intents: Ok(intents),
        }
    }

    pub fn unavailable(title: impl Into<String>, reason: impl Into<String>) -> Plan {
        Plan {
            title: title.into(),
            safety: Safety::Review("not applied automatically"),
            intents: Err(reason.into()),
        }
    }

    /// Sets one path under a mapping.
    pub fn set(
        title: impl Into<String>,
        safety: Safety,
        at: NodeId,
        path: &[&str],
        value: Value,
    ) -> Plan {
        Plan::new(
            title,
            safety,
            vec![Intent::Set {
                at,
                path: path.iter().map(|s| s.to_string()).collect(),
                value,
            }],
        )
    }
}
