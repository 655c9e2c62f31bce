//! RBAC: the rules of Roles and ClusterRoles, and the subjects and role of bindings.

use crate::document::Object;
use crate::yaml::{NodeId, Tree};

/// One entry of a Role's or ClusterRole's `rules:` list.
#[derive(Clone, Debug)]
pub struct PolicyRule {
    pub object: usize,
    pub node: NodeId,
    pub api_groups: Vec<(String, NodeId)>,
    pub resources: Vec<(String, NodeId)>,
    pub verbs: Vec<(String, NodeId)>,
    pub has_resource_names: bool,
}

impl PolicyRule {
    pub fn has_verb(&self, verb: &str) -> bool {
        self.verbs.iter().any(|(v, _)| v == verb || v == "*")
    }

    /// True if any of apiGroups, resources or verbs is `*` (LP201 reports such a rule, with
    /// every power it grants, as one finding).
    pub fn has_wildcard(&self) -> bool {
        [&self.api_groups, &self.resources, &self.verbs]
            .iter()
            .any(|list| list.iter().any(|(v, _)| v == "*"))
    }

    /// True if the rule covers `resource` (e.g. `pods/exec`) in `group` ("" is the core group).
    pub fn covers(&self, group: &str, resource: &str) -> bool {
        let group_ok = self.api_groups.iter().any(|(g, _)| g == group || g == "*");
        let base = resource.split('/').next().unwrap_or(resource);
        let res_ok = self.resources.iter().any(|(r, _)| {
            r == resource || r == "*" || (resource.contains('/') && r == &format!("{base}/*"))
        });
        group_ok && res_ok
    }

    /// The node of the first resource entry that matches, for pointing at.
    pub fn resource_node(&self, resource: &str) -> NodeId {
        self.resources
            .iter()
            .find(|(r, _)| r == resource || r == "*")
            .map_or(self.node, |(_, n)| *n)
    }

    /// The node of the first matching verb, for pointing at.
    pub fn verb_node(&self, verb: &str) -> NodeId {
        self.verbs
            .iter()
            .find(|(v, _)| v == verb || v == "*")
            .map_or(self.node, |(_, n)| *n)
    }
}

fn strings(tree: &Tree, map: NodeId, key: &str) -> Vec<(String, NodeId)> {
    let Some(list) = tree.get(map, key) else {
        return Vec::new();
    };
    tree.items(list)
        .iter()
        .filter_map(|n| tree.str(*n).map(|s| (s.to_string(), *n)))
        .collect()
}

pub fn policy_rules(tree: &Tree, objects: &[Object]) -> Vec<PolicyRule> {
    let mut out = Vec::new();
    for (index, obj) in objects.iter().enumerate() {
        if !matches!(obj.kind.as_str(), "Role" | "ClusterRole") {
            continue;
        }
        let Some(rules) = tree.get(obj.root, "rules") else {
            continue;
        };
        for rule in tree.items(rules) {
            if !tree.is_mapping(*rule) {
                continue;
            }
            out.push(PolicyRule {
                object: index,
                node: *rule,
                api_groups: strings(tree, *rule, "apiGroups"),
                resources: strings(tree, *rule, "resources"),
                verbs: strings(tree, *rule, "verbs"),
                has_resource_names: tree
                    .get(*rule, "resourceNames")
                    .is_some_and(|n| !tree.items(n).is_empty()),
            });
        }
    }
    out
}

/// A RoleBinding or ClusterRoleBinding.
#[derive(Clone, Debug)]
pub struct Binding {
    pub object: usize,
    pub role_kind: String,
    pub role_name: String,
    pub role_name_node: NodeId,
    /// (kind, name, node of the subject)
    pub subjects: Vec<(String, String, NodeId)>,
}

pub fn bindings(tree: &Tree, objects: &[Object]) -> Vec<Binding> {
    let mut out = Vec::new();
    for (index, obj) in objects.iter().enumerate() {
        if !matches!(obj.kind.as_str(), "RoleBinding" | "ClusterRoleBinding") {
            continue;
        }
        let Some(role_ref) = tree.get(obj.root, "roleRef") else {
            continue;
        };
        let Some(name_node) = tree.get(role_ref, "name") else {
            continue;
        };
        let subjects = tree
            .get(obj.root, "subjects")
            .map(|s| {
                tree.items(s)
                    .iter()
                    .filter_map(|sub| {
                        let kind = tree.get_str(*sub, "kind").unwrap_or("").to_string();
                        let name = tree.get_str(*sub, "name")?.to_string();
                        Some((kind, name, *sub))
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Binding {
            object: index,
            role_kind: tree.get_str(role_ref, "kind").unwrap_or("").to_string(),
            role_name: tree.str(name_node).unwrap_or("").to_string(),
            role_name_node: name_node,
            subjects,
        });
    }
    out
}
