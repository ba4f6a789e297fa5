//! The size estimator's web worker (see `dockopt_web::size`): trunk builds
//! it as a `data-type="worker"` asset that the page loads after its first
//! render.

use gloo_worker::Registrable;

fn main() {
    dockopt_web::size::SizeWorker::registrar().register();
}
