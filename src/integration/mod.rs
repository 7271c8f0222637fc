//! Server-to-server integration: the OAuth authentication metadata document this deployment
//! publishes (served by the web-services component at `/metadata/json/1`).

pub mod actions;
pub mod https;
pub mod metadata;
pub mod oauth;
pub mod partners;
pub mod persistent_chat;
