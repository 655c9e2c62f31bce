//! Routes live in the URL fragment (`#/rules`, `#/rules/LP102`, `#/frameworks`), so the page stays one static
//! file and nothing about navigation reaches a server.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Checker,
    Rules,
    Rule(String),
    Frameworks,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        match (parts.next(), parts.next()) {
            (Some("rules"), None | Some("")) => Route::Rules,
            (Some("frameworks"), _) => Route::Frameworks,
            (Some("rules"), Some(id)) => {
                // Only rule IDs are accepted; anything else falls back to the catalogue.
                let id: String = id
                    .chars()
                    .take(16)
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                Route::Rule(id.to_ascii_uppercase())
            }
            _ => Route::Checker,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Checker => "#/".to_string(),
            Route::Rules => "#/rules".to_string(),
            Route::Rule(id) => format!("#/rules/{id}"),
            Route::Frameworks => "#/frameworks".to_string(),
        }
    }
}

pub fn current() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// The page's own address without query or fragment.
pub fn page_url() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}
