//! The LiveChat client generated at build time (see `build.rs`), instead of checked in.

/// The generated client module.
pub mod livechat {
    include!(concat!(env!("OUT_DIR"), "/livechat.rs"));
}

#[cfg(test)]
mod tests {
    /// `build.rs` mode and `cargo xtask codegen` produce the same bytes from the same spec.
    #[test]
    fn build_script_output_matches_checked_in_client() {
        let generated = include_str!(concat!(env!("OUT_DIR"), "/livechat.rs"));
        let checked_in = include_str!("../../../crates/livechat/src/client.rs");
        assert_eq!(generated, checked_in);
    }

    #[test]
    fn generated_client_is_usable() {
        let client = super::livechat::Client::new().basic_auth("login", "secret-key").api_version("2");
        assert_eq!(client.config().base_url(), super::livechat::Client::DEFAULT_BASE_URL);
        assert!(!format!("{client:?}").contains("secret-key"));
    }
}
