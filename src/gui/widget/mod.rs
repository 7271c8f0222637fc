//! Widgets shared by the screens: status icons, the Executing Commands view, form pieces.

pub mod commands;
pub mod form;
pub mod status_icon;
