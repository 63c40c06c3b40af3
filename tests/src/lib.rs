//! Support for the end-to-end tests: fake API servers that generated clients talk to over real HTTP on
//! 127.0.0.1. The tests themselves are in `tests/`.

pub mod bench_support;
pub mod dockerd;
pub mod fake_livechat;
pub mod prism;
pub mod recorder;
