//! Widgets shared by the screens: status icons and the Executing Commands view.

pub mod commands;
pub mod status_icon;
