//! Prints a Dockerfile as BuildKit's parser would dump it, then the
//! diagnostics: `cargo run -p dockopt-syntax --example dump -- FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let file = dockopt_syntax::parse(&text);
    print!("{}", file.buildkit_dump());
    let index = file.line_index();
    for d in file.diagnostics() {
        let p = index.position(&text, d.span.start);
        println!(
            "{path}:{}:{}: {:?}: {}",
            p.line, p.column, d.severity, d.message
        );
    }
}
