//! Widgets shared by the screens: status icons, the Executing Commands view, form pieces, the wizards' footer.

pub mod commands;
pub mod form;
pub mod nav;
pub mod status_icon;
