//! The few browser APIs the app uses, each wrapped so that a missing or
//! refusing API is an `Err`/`None`, never a panic.

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The URL's fragment without `#` (empty when there is none),
/// percent-decoded so errors name the character a person sees.
pub fn location_hash() -> String {
    let raw = gloo::utils::window().location().hash().unwrap_or_default();
    let raw = raw.trim_start_matches('#');
    js_sys::decode_uri_component(raw)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_string())
}

/// The page's URL without its fragment (what share links are built on).
pub fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split_once('#')
        .map_or(href.as_str(), |(url, _)| url)
        .to_string()
}

/// Put `fragment` into the URL without a new history entry.
pub fn replace_fragment(fragment: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let url = format!("#{fragment}");
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

pub fn load_drafts(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Save the drafts; `false` when storage refused (full, or disabled).
pub fn save_drafts(key: &str, value: &str) -> bool {
    LocalStorage::raw().set_item(key, value).is_ok()
}

/// Copy `text` with the async clipboard API.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = gloo::utils::window().navigator().clipboard();
    if clipboard.is_undefined() {
        return Err("the clipboard is not available here".into());
    }
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused to copy".into())
}

/// Offer `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Milliseconds since the epoch (for throttling).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Show `message` over the page, as text. Used by the panic hook, so it
/// touches nothing that could panic again.
pub fn show_fatal(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Ok(element) = document.create_element("div") else {
        return;
    };
    element.set_class_name("fatal");
    let _ = element.set_attribute("role", "alert");
    element.set_text_content(Some(message));
    if let Some(body) = document.body() {
        let _ = body.append_child(&element);
    }
}

/// The absolute URL of a file next to the page (`name` relative to the
/// page's URL, so it works under any sub-path); `name` itself if the page's
/// URL cannot be read.
pub fn asset_url(name: &str) -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .and_then(|href| web_sys::Url::new_with_base(name, &href).ok())
        .map(|url| url.href())
        .unwrap_or_else(|| name.to_string())
}

/// This build's id: the hash in the name of the page's module, from the
/// `<link rel="modulepreload">` trunk writes (`None` without one).
pub fn build_id() -> Option<String> {
    let link = web_sys::window()?
        .document()?
        .query_selector("link[rel=modulepreload]")
        .ok()??;
    let href = link.get_attribute("href")?;
    dockopt_core::playground::build_id_of(&href).map(str::to_string)
}
