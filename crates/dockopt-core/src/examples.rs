//! The example Dockerfiles the playground opens with: a Next.js frontend and
//! a FastAPI backend, written the way a team writes them before optimising
//! (full base images, caches left behind, no USER, `COPY . .` before the
//! dependency install, one RUN per step).

/// A named example document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub name: &'static str,
    pub text: &'static str,
}

/// The examples, in tab order.
pub const EXAMPLES: [Example; 2] = [
    Example {
        name: "frontend",
        text: include_str!("examples/frontend.Dockerfile"),
    },
    Example {
        name: "backend",
        text: include_str!("examples/backend.Dockerfile"),
    },
];
