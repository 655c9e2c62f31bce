//! Read-only tables written as markup text instead of `html!` trees.
//!
//! Each element of an `html!` tree costs the bundle a few hundred bytes of wasm, while the same
//! element as text costs a few bytes of compressible data. Long tables that never change until
//! their data does (the framework catalogues, per-control statuses) are therefore written here
//! and handed to Yew as one raw node. Every piece of text goes through [`Markup::text`], which
//! escapes it, so nothing from an input can become markup. Its methods are never inlined:
//! one call per piece is what keeps the markup small.

use yew::{AttrValue, Html};

/// Markup under construction.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// Appends markup written in this program (tags, attribute names, fixed words).
    #[inline(never)]
    pub fn tag(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Appends text, escaped so that it is shown as written (also inside attribute values).
    #[inline(never)]
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// Appends a number.
    #[inline(never)]
    pub fn number(&mut self, n: usize) -> &mut Self {
        self.text(&n.to_string())
    }

    /// Rule text with its backtick code spans as `<code>`, escaped like [`Markup::text`].
    pub fn prose(&mut self, text: &str) -> &mut Self {
        for (i, part) in text.split('`').enumerate() {
            match i % 2 {
                1 => self.tag("<code>").text(part).tag("</code>"),
                _ => self.text(part),
            };
        }
        self
    }

    /// Links to each rule's page, separated by spaces.
    pub fn rule_links<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> &mut Self {
        for id in ids {
            self.tag("<a href=\"#/rules/")
                .text(id)
                .tag("\">")
                .text(id)
                .tag("</a> ");
        }
        self
    }

    /// For one listener over a whole markup region: the `attribute` of the button the click
    /// landed in (or inside of), if it has one.
    pub fn clicked(e: &yew::MouseEvent, attribute: &str) -> Option<String> {
        use wasm_bindgen::JsCast;
        e.target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest(&format!("button[{attribute}]"))
            .ok()??
            .get_attribute(attribute)
    }

    /// One `<option>` of a select. Options are written as text while the `<select>` stays an
    /// element, so a choice made with the keyboard keeps the focus.
    pub fn option(&mut self, value: &str, label: &str, selected: bool) -> &mut Self {
        self.tag("<option value=\"").text(value).tag("\"");
        self.tag(if selected { " selected>" } else { ">" });
        self.text(label).tag("</option>")
    }

    pub fn into_html(self) -> Html {
        Html::from_html_unchecked(AttrValue::from(self.0))
    }

    /// The markup so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A `class` attribute: `base` and each name whose flag is set, space-separated. Cheaper in the
/// bundle than Yew's `classes!`, whose set type brings an ordered hash set along.
pub fn class_list(base: &str, more: &[(bool, &str)]) -> String {
    let mut out = base.to_string();
    for (on, name) in more {
        if *on {
            out.push(' ');
            out.push_str(name);
        }
    }
    out
}

/// One view's last markup and what it was made from (kept in a `thread_local!`).
pub type Slot<K> = std::cell::RefCell<Option<(K, Html)>>;
pub type Cached<K> = std::thread::LocalKey<Slot<K>>;

/// The view made by `make`, or the one made last time for an equal `key`. View functions have
/// no hooks to memoize with; this keeps a keystroke (a new render with the same report) from
/// sorting thousands of findings again. `Html` clones share their markup.
pub fn cached<K: PartialEq>(cell: &'static Cached<K>, key: K, make: impl FnOnce() -> Html) -> Html {
    cell.with(|c| {
        let mut c = c.borrow_mut();
        match &*c {
            Some((k, html)) if *k == key => html.clone(),
            _ => {
                let html = make();
                *c = Some((key, html.clone()));
                html
            }
        }
    })
}
