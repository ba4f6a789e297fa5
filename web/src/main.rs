fn main() {
    dockopt_web::install_panic_hook();
    yew::Renderer::<dockopt_web::App>::new().render();
}
