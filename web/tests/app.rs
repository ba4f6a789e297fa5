//! Browser tests of the app: mount it in a real page (headless Chromium) and
//! read the DOM it renders.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<dockopt_web::App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn shows_both_tabs_and_the_frontend_findings() {
    let root = mount();
    yew::scheduler::flush().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("frontend"), "{text}");
    assert!(text.contains("backend"), "{text}");
    let findings = root.query_selector_all(".finding").expect("query findings");
    assert!(findings.length() >= 2, "the frontend example has findings");
    let codes = root
        .query_selector_all(".finding[data-code='DL3009']")
        .expect("query");
    assert_eq!(codes.length(), 1, "apt lists left behind in the frontend");
}
