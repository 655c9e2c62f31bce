//! Embed mode (`?embed`): the page inside a documentation site's frame. Options come from the
//! query string; the host talks to the frame with `postMessage` (shapes in the README):
//!
//! - host → frame `{type: "posture:check", config, filename?}`
//! - frame → host `{type: "posture:ready"}`, `{type: "posture:result", summary, findings}`,
//!   `{type: "posture:resize", height}`
//!
//! Messages from anywhere but the parent frame, from an origin `origin=` does not allow, of an
//! unknown type or with the wrong shape are dropped without a word. Results go only to an
//! origin that is known: the one `origin=` names, or else the one that sent the config.

use std::cell::RefCell;
use std::rc::Rc;

use posture_engine::{rules, Principle, Rule};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::state::Theme;

/// The largest config accepted by message: the checker's own input limit.
const MAX_CONFIG_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct EmbedOptions {
    pub read_only: bool,
    pub theme: Theme,
    /// The rules to check with (all unless `principles=` or `rules=` chose some).
    pub rules: Vec<&'static Rule>,
    /// True when the host chose a subset of the rules.
    pub filtered: bool,
    /// Parent origins whose messages are accepted; empty means any.
    pub origins: Vec<String>,
}

impl PartialEq for EmbedOptions {
    fn eq(&self, other: &Self) -> bool {
        let ids = |o: &Self| o.rules.iter().map(|r| r.meta.id).collect::<Vec<_>>();
        self.read_only == other.read_only
            && self.theme == other.theme
            && self.filtered == other.filtered
            && self.origins == other.origins
            && ids(self) == ids(other)
    }
}

/// Reads the options from a query string (`?embed&mode=readonly…`); `None` without `embed`.
pub fn options_from_query(search: &str) -> Option<EmbedOptions> {
    let pairs: Vec<(String, String)> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    if !pairs.iter().any(|(k, _)| k == "embed") {
        return None;
    }
    let value = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let list = |key: &str| -> Vec<String> {
        value(key)
            .unwrap_or("")
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let principles: Vec<Principle> = list("principles")
        .iter()
        .filter_map(|p| {
            Principle::ALL.into_iter().find(|x| {
                x.code().eq_ignore_ascii_case(p)
                    || x.title().replace(' ', "-").eq_ignore_ascii_case(p)
            })
        })
        .collect();
    let named: Vec<&'static Rule> = list("rules")
        .iter()
        .filter_map(|r| rules::find(r))
        .collect();
    let chosen: Vec<&'static Rule> = rules::ALL
        .iter()
        .copied()
        .filter(|r| {
            principles.contains(&r.meta.principle) || named.iter().any(|n| n.meta.id == r.meta.id)
        })
        .collect();
    let filtered = !chosen.is_empty();
    Some(EmbedOptions {
        read_only: value("mode") == Some("readonly"),
        theme: Theme::parse(value("theme").unwrap_or("auto")),
        rules: if filtered {
            chosen
        } else {
            rules::ALL.to_vec()
        },
        filtered,
        origins: list("origin")
            .into_iter()
            .filter(|o| o.starts_with("https://") || o.starts_with("http://"))
            .map(|o| o.trim_end_matches('/').to_string())
            .collect(),
    })
}

/// `%XX` and `+` decoding for query values, by the browser; malformed escapes stay as written.
fn percent_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    js_sys::decode_uri_component(&spaced).map_or(spaced, String::from)
}

/// A config the host sent.
#[derive(Debug, PartialEq)]
pub struct HostCheck {
    pub config: String,
    pub filename: Option<String>,
}

/// Reads a `posture:check` message; anything else (other types, wrong field types, oversized
/// config) is `None`.
pub fn read_check(data: &JsValue) -> Option<HostCheck> {
    if !data.is_object() {
        return None;
    }
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    if field("type")?.as_string()? != "posture:check" {
        return None;
    }
    let config = field("config")?.as_string()?;
    if config.len() > MAX_CONFIG_BYTES || config.contains('\0') {
        return None;
    }
    let filename = field("filename")
        .and_then(|f| f.as_string())
        .map(|f| {
            f.chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>()
        })
        .filter(|f| !f.is_empty());
    Some(HostCheck { config, filename })
}

/// The summary that goes with posted results.
#[derive(Serialize)]
pub struct Summary {
    pub file: String,
    pub documents: usize,
    pub resources: usize,
    pub findings: usize,
    pub suppressed: usize,
    pub errors: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    /// A–F, or null when nothing could be evaluated (`not_graded` says why).
    pub grade: Option<String>,
    pub not_graded: Option<&'static str>,
    pub score: Option<u8>,
    pub catalogue: &'static str,
}

#[derive(Serialize)]
struct ResultMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    summary: Summary,
    findings: &'a [posture_engine::Finding],
}

/// Builds the `posture:result` message as a JavaScript object.
pub fn result_message(
    report: &posture_engine::Report,
    card: &posture_engine::score::Scorecard,
    file: &str,
) -> Option<JsValue> {
    let [critical, high, medium, low, info] = report.counts().map(|(_, n)| n);
    let active = report.active().count();
    let message = ResultMessage {
        kind: "posture:result",
        summary: Summary {
            file: file.to_string(),
            documents: report.documents(),
            resources: report.resources(),
            findings: active,
            suppressed: report.findings.len() - active,
            errors: report.errors.len(),
            critical,
            high,
            medium,
            low,
            info,
            grade: card.grade.map(String::from),
            not_graded: card.not_graded,
            score: card.overall.score,
            catalogue: rules::CATALOGUE_VERSION,
        },
        findings: &report.findings,
    };
    // Through the JSON export's own serializer and the browser's JSON.parse: the findings get
    // exactly the export's fields, and the bundle carries no second serializer for them.
    let json = serde_json::to_string(&message).ok()?;
    js_sys::JSON::parse(&json).ok()
}

/// Who the frame talks to: the parent window and the origin results may go to.
pub struct Host {
    options: Rc<EmbedOptions>,
    /// The origin of the last accepted `posture:check` (used when `origin=` was not given).
    replied_origin: RefCell<Option<String>>,
}

impl Host {
    pub fn new(options: Rc<EmbedOptions>) -> Host {
        Host {
            options,
            replied_origin: RefCell::new(None),
        }
    }

    fn parent() -> Option<web_sys::Window> {
        let w = web_sys::window()?;
        let parent = w.parent().ok()??;
        // Not framed: the parent is the window itself; nobody to talk to.
        (!js_sys::Object::is(&parent, &w)).then_some(parent)
    }

    /// Accepts a message event if it comes from the parent frame and an allowed origin.
    pub fn accept(&self, event: &web_sys::MessageEvent) -> Option<HostCheck> {
        let parent = Host::parent()?;
        let from_parent = event
            .source()
            .is_some_and(|s| js_sys::Object::is(&s, &parent));
        let origin = event.origin();
        let allowed = self.options.origins.is_empty() || self.options.origins.contains(&origin);
        if !from_parent || !allowed {
            return None;
        }
        let check = read_check(&event.data())?;
        *self.replied_origin.borrow_mut() = Some(origin);
        Some(check)
    }

    fn post(&self, message: &JsValue, origin: &str) {
        if let Some(parent) = Host::parent() {
            let _ = parent.post_message(message, origin);
        }
    }

    /// Messages without content (ready, resize) may go to the named origin or anyone.
    fn announce(&self, message: &JsValue) {
        let origin = self.options.origins.first().map_or("*", String::as_str);
        self.post(message, origin);
    }

    pub fn ready(&self) {
        self.announce(&plain(&[("type", JsValue::from_str("posture:ready"))]));
    }

    pub fn resize(&self, height: f64) {
        self.announce(&plain(&[
            ("type", JsValue::from_str("posture:resize")),
            ("height", JsValue::from_f64(height.ceil())),
        ]));
    }

    /// Results go to the origin that sent the config, or the one `origin=` names; never to `*`.
    pub fn results(&self, message: &JsValue) {
        let target = self
            .replied_origin
            .borrow()
            .clone()
            .or_else(|| self.options.origins.first().cloned());
        if let Some(origin) = target {
            self.post(message, &origin);
        }
    }
}

fn plain(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), v);
    }
    object.unchecked_into()
}

/// The embed's options for this page load, if it is one.
pub fn current_options() -> Option<EmbedOptions> {
    let search = web_sys::window()?.location().search().ok()?;
    options_from_query(&search)
}
