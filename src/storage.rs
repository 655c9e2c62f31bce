//! The browser's localStorage, for remembering the last input and the theme. Every call
//! tolerates storage being unavailable (private mode, embedded frames, quota).

const TEXT: &str = "posture:last-input";
const REMEMBER: &str = "posture:remember";
const THEME: &str = "posture:theme";
const SETTINGS: &str = "posture:settings";

/// Larger inputs are not kept: localStorage quotas are a few megabytes.
const MAX_STORED: usize = 1024 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub fn remember_enabled() -> bool {
    get(REMEMBER).as_deref() != Some("off")
}

pub fn set_remember(on: bool) {
    set(REMEMBER, if on { "on" } else { "off" });
    if !on {
        remove(TEXT);
        remove(SETTINGS);
    }
}

pub fn saved_text() -> Option<String> {
    if !remember_enabled() {
        return None;
    }
    get(TEXT)
}

pub fn save_text(text: &str) {
    if text.len() <= MAX_STORED {
        set(TEXT, text);
    } else {
        remove(TEXT);
    }
}

/// The settings file's text, kept with the input.
pub fn saved_settings() -> Option<String> {
    remember_enabled().then(|| get(SETTINGS)).flatten()
}

pub fn save_settings(text: &str) {
    if text.is_empty() || text.len() > MAX_STORED {
        remove(SETTINGS);
    } else {
        set(SETTINGS, text);
    }
}

pub fn saved_theme() -> Option<String> {
    get(THEME)
}

pub fn save_theme(theme: &str) {
    set(THEME, theme);
}
