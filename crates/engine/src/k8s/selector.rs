//! Label selectors (`matchLabels` and `matchExpressions`), matched the way the API server
//! matches them: every requirement must hold; an empty selector selects everything.

use crate::yaml::{NodeId, Tree};

/// A pod's labels as written.
pub fn labels(tree: &Tree, metadata: Option<NodeId>) -> Vec<(String, String)> {
    let Some(map) = metadata.and_then(|m| tree.get(m, "labels")) else {
        return Vec::new();
    };
    tree.entries(map)
        .iter()
        .filter_map(|e| Some((tree.str(e.key)?.to_string(), tree.str(e.value)?.to_string())))
        .collect()
}

/// Whether `selector` selects a pod with `labels`. `None` when the selector cannot be read
/// (an unknown operator, a value that is not text): the caller must not guess either way.
pub fn matches(tree: &Tree, selector: NodeId, labels: &[(String, String)]) -> Option<bool> {
    if tree.is_null(selector) {
        return Some(true);
    }
    if !tree.is_mapping(selector) {
        return None;
    }
    let value_of = |key: &str| {
        labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    if let Some(wanted) = tree.get(selector, "matchLabels") {
        for entry in tree.entries(wanted) {
            let key = tree.str(entry.key)?;
            let value = tree.str(entry.value)?;
            if value_of(key) != Some(value) {
                return Some(false);
            }
        }
    }
    if let Some(expressions) = tree.get(selector, "matchExpressions") {
        for expression in tree.items(expressions) {
            let key = tree.get_str(*expression, "key")?;
            let values: Vec<&str> = match tree.get(*expression, "values") {
                Some(v) => tree
                    .items(v)
                    .iter()
                    .map(|i| tree.str(*i))
                    .collect::<Option<_>>()?,
                None => Vec::new(),
            };
            let have = value_of(key);
            let holds = match tree.get_str(*expression, "operator")? {
                "In" => have.is_some_and(|h| values.contains(&h)),
                "NotIn" => have.is_none_or(|h| !values.contains(&h)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => return None,
            };
            if !holds {
                return Some(false);
            }
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{load, Limits};

    fn select(selector: &str, labels: &[(&str, &str)]) -> Option<bool> {
        let loaded = load(&format!("s: {selector}\n"), &Limits::default());
        let node = loaded.tree.get(loaded.documents[0].root, "s").unwrap();
        let owned: Vec<(String, String)> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        matches(&loaded.tree, node, &owned)
    }

    #[test]
    fn matches_as_the_api_server_does() {
        let web = [("app", "web"), ("tier", "front")];
        assert_eq!(select("{}", &web), Some(true));
        assert_eq!(select("{matchLabels: {app: web}}", &web), Some(true));
        assert_eq!(select("{matchLabels: {app: db}}", &web), Some(false));
        assert_eq!(
            select(
                "{matchExpressions: [{key: tier, operator: In, values: [front, back]}]}",
                &web
            ),
            Some(true)
        );
        assert_eq!(
            select(
                "{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}",
                &web
            ),
            Some(false)
        );
        assert_eq!(
            select(
                "{matchExpressions: [{key: env, operator: DoesNotExist}]}",
                &web
            ),
            Some(true)
        );
        assert_eq!(
            select(
                "{matchLabels: {app: web}, matchExpressions: [{key: env, operator: Exists}]}",
                &web
            ),
            Some(false)
        );
        assert_eq!(
            select("{matchExpressions: [{key: a, operator: Near}]}", &web),
            None
        );
    }
}
