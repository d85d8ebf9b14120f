//! The development loop: a [`session::Session`] keeps a site in memory and rebuilds
//! what each change touches; [`watch`] feeds it file changes; [`serve`] is the
//! development server that shows the site and reloads the browser.

pub mod memory;
pub mod poll;
pub mod serve;
pub mod session;
pub mod watch;
