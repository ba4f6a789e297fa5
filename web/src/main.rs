fn main() {
    yew::Renderer::<dockopt_web::App>::new().render();
}
