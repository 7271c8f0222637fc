//! Server-to-server integration: the OAuth configuration and partner applications kept in the
//! CMS, and the checks of a partner's metadata document. The metadata document this deployment
//! publishes is certificate data (`cert::metadata`); the logged commands are in `deploy`.

pub mod oauth;
pub mod partners;
pub mod pchat;
pub mod turn;
