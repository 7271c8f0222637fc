//! One module per page group, each with its own state, `Message`, `update` and `view`; a
//! screen reports what the parent must do as an `Action`.

pub mod cert_wizard;
pub mod certificates;
pub mod checklist;
pub mod first_run;
pub mod home;
pub mod logs;
pub mod pool_status;
pub mod s2s;
pub mod service_status;
pub mod settings;
pub mod system;
pub mod wizard;

use std::path::PathBuf;

use iced::Task;
use iced::widget::text;

use crate::fl;
use crate::gui::theme;

/// What a page says when its Browse… brought no path back (cancelled, or no file dialog can
/// open here: a server, a remote session): type the path in the field beside it.
pub fn no_dialog_note<'a, M: 'a>() -> iced::Element<'a, M> {
    text(fl!("dialog-none"))
        .size(theme::SMALL)
        .style(theme::warning_text)
        .into()
}

/// Opens a folder picker (an xdg portal where there is one); `None` when cancelled or when no
/// portal answers, which is why every Browse button has a text field beside it.
pub fn pick_folder() -> Task<Option<PathBuf>> {
    Task::perform(
        async {
            rfd::AsyncFileDialog::new()
                .pick_folder()
                .await
                .map(|handle| handle.path().to_path_buf())
        },
        |path| path,
    )
}

/// Opens a file picker filtered to `extensions`.
pub fn pick_file(what: String, extensions: &'static [&'static str]) -> Task<Option<PathBuf>> {
    Task::perform(
        async move {
            rfd::AsyncFileDialog::new()
                .add_filter(what, extensions)
                .pick_file()
                .await
                .map(|handle| handle.path().to_path_buf())
        },
        |path| path,
    )
}

/// Opens a save dialog proposing `name`.
pub fn save_file(name: String) -> Task<Option<PathBuf>> {
    Task::perform(
        async move {
            rfd::AsyncFileDialog::new()
                .set_file_name(name)
                .save_file()
                .await
                .map(|handle| handle.path().to_path_buf())
        },
        |path| path,
    )
}
