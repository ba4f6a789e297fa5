use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::browser::now_ms;

type Effect = Rc<dyn Fn()>;

/// Run `effect` after `key` changes (while `enabled`), at most once per
/// `interval_ms` (counted from the end of the previous run): the first
/// change runs at once, later ones within the interval are folded into one
/// trailing run with the newest `effect`.
#[hook]
pub fn use_throttled_effect<F>(key: u64, enabled: bool, interval_ms: u32, effect: F)
where
    F: Fn() + 'static,
{
    let latest: Rc<RefCell<Option<Effect>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(Rc::new(effect));
    let last_run = use_mut_ref(|| f64::NEG_INFINITY);
    let scheduled = use_memo((), |_| Cell::new(false));
    let timer = use_mut_ref(|| None::<Timeout>);
    use_effect_with((key, enabled), move |&(_, enabled)| {
        if !enabled || scheduled.get() {
            return;
        }
        let run = {
            let latest = latest.clone();
            let last_run = last_run.clone();
            // The interval counts from the end of a run: what the effect
            // does last (a `replaceState` after encoding the fragment) is
            // then spaced by at least `interval_ms` however long its work
            // before that took.
            move || {
                let effect = latest.borrow().clone();
                if let Some(effect) = effect {
                    effect();
                }
                *last_run.borrow_mut() = now_ms();
            }
        };
        let wait = *last_run.borrow() + f64::from(interval_ms) - now_ms();
        if wait <= 0.0 {
            run();
            return;
        }
        scheduled.set(true);
        let flag = scheduled.clone();
        // Replacing a fired timer (never the running one) drops it.
        *timer.borrow_mut() = Some(Timeout::new(wait.ceil() as u32, move || {
            flag.set(false);
            run();
        }));
    });
}
