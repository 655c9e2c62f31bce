//! Checking large inputs in a Web Worker, so typing never waits for the engine.
//!
//! The worker runs this same wasm module: it is started from the page's own start-up script, and
//! `start()` serves check requests instead of mounting the page when there is no `window`. No
//! second bundle, and the worker's files are fetched once, while the page loads. The report comes
//! back in the share module's record format (uncompressed, with every field), which the page reads
//! in a few milliseconds even for thousands of findings.
//!
//! Request `[id, name, text, rule ids, PSS minor version, settings file]` (ids comma-separated,
//! empty for all; the version's minor number, or nothing for the settings file's or latest; the
//! settings file's text, empty for none); reply `[id, report, milliseconds]`.

use posture_engine::config::Config;
use posture_engine::k8s::pss::Version;
use posture_engine::score::scorecard;
use posture_engine::{rules, share, Options, Rule};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::checking::Outcome;

/// Inputs at least this large are checked in the worker; smaller ones take a few milliseconds
/// on the page itself, less than the round trip.
pub const BACKGROUND_BYTES: usize = 128 * 1024;

/// The worker side: answers check requests until the page goes away.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let Ok(request) = e.data().dyn_into::<js_sys::Array>() else {
            return;
        };
        let (Some(name), Some(text)) = (request.get(1).as_string(), request.get(2).as_string())
        else {
            return;
        };
        let ids = request.get(3).as_string().unwrap_or_default();
        let chosen: Vec<&'static Rule> = match ids.as_str() {
            "" => rules::ALL.to_vec(),
            ids => ids.split(',').filter_map(rules::find).collect(),
        };
        // The page sends only a settings file it could read, so this reads it too.
        let settings = request.get(5).as_string().unwrap_or_default();
        let config = (!settings.is_empty())
            .then(|| Config::parse(&settings).ok())
            .flatten();
        let mut options = config.as_ref().map(Config::options).unwrap_or_default();
        options.pss_version = request
            .get(4)
            .as_f64()
            .and_then(|minor| Version::parse_label(&format!("v1.{}", minor as u32)));
        let clock = reply_to.performance();
        let started = clock.as_ref().map_or(0.0, |c| c.now());
        let report = crate::checking::report(&name, &text, &chosen, &options, config.as_ref());
        let payload = share::encode_report(&report, &scorecard(&report));
        let millis = clock.as_ref().map_or(0.0, |c| c.now()) - started;
        let reply = js_sys::Array::of3(
            &request.get(0),
            &JsValue::from_str(&payload),
            &JsValue::from_f64(millis),
        );
        let _ = reply_to.post_message(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
}

/// The page side: a started worker and the handlers that deliver its reports and its failure.
pub struct Background {
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Background {
    /// Starts the worker from the page's own start-up script; `None` where workers are not
    /// available (the page then checks everything itself).
    /// `failed` hears, once per failure, that the worker cannot answer (it did not load, or its
    /// answer could not be read), so the page can check on its own instead.
    pub fn start(
        deliver: impl Fn(u64, Outcome) + 'static,
        failed: impl Fn(&'static str) + 'static,
    ) -> Option<Background> {
        let script = web_sys::window()?
            .document()?
            .query_selector("script[type=module][src]")
            .ok()??
            .get_attribute("src")?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&script, &options).ok()?;
        let failed = std::rc::Rc::new(failed);
        let on_error = {
            let failed = std::rc::Rc::clone(&failed);
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                failed("the background checker could not start")
            })
        };
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Ok(reply) = e.data().dyn_into::<js_sys::Array>() else {
                    return;
                };
                let (Some(id), Some(payload)) = (reply.get(0).as_f64(), reply.get(1).as_string())
                else {
                    return;
                };
                match share::decode_report(&payload) {
                    Ok(r) => {
                        let millis = reply.get(2).as_f64().unwrap_or(0.0);
                        deliver(
                            id as u64,
                            Outcome::from_background(r.report, r.scorecard, millis),
                        );
                    }
                    Err(_) => failed("the background checker's answer could not be read"),
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Background {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Asks for a check of `text`; the report arrives through `deliver` with the same `id`.
    pub fn check(
        &self,
        id: u64,
        name: &str,
        text: &str,
        chosen: &[&'static Rule],
        options: &Options,
        settings: &str,
    ) {
        let ids = if chosen.len() == rules::ALL.len() {
            String::new()
        } else {
            chosen
                .iter()
                .map(|r| r.meta.id)
                .collect::<Vec<_>>()
                .join(",")
        };
        let version = options
            .pss_version
            .map_or(JsValue::UNDEFINED, |v| JsValue::from_f64(f64::from(v.0)));
        let request = js_sys::Array::of5(
            &JsValue::from_f64(id as f64),
            &JsValue::from_str(name),
            &JsValue::from_str(text),
            &JsValue::from_str(&ids),
            &version,
        );
        request.push(&JsValue::from_str(settings));
        let _ = self.worker.post_message(&request);
    }
}
