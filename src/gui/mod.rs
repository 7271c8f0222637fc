//! The desktop GUI: the Deployment Wizard (Home, first run, the System page, the step wizards
//! with their Executing Commands page, Service Status, the log viewer, Settings) over the core.
//! Screens live in [`screen`], one module each; nothing here touches files, keys or processes
//! directly — every change is a core command, run off the window's thread and streamed back.

mod app;
mod notify;
mod run;
mod screen;
mod theme;
mod widget;

pub use app::{App, Boot, Message, Shortcut, shortcut};
pub use screen::logs::State as LogViewer;

use crate::data_dir::DataDir;

/// Runs a core call that may touch disk, processes or the network off the window's thread; its
/// result comes back as the task's output. The one way a screen calls such a core function.
pub fn background<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> iced::Task<T> {
    iced::Task::perform(
        async move {
            let (sender, receiver) = iced::futures::channel::oneshot::channel();
            std::thread::spawn(move || {
                let _ = sender.send(call());
            });
            receiver.await
        },
        |answer| answer.expect("a background call of the window ended without an answer"),
    )
}

/// A named way to boot the window, for `.ice` tests (`preset: NAME`).
pub type PresetBoot = (String, Box<dyn Fn() -> Boot>);

/// The application, booting with `boot`, plus `presets` for tests.
pub fn application(
    boot: impl Fn() -> Boot + 'static,
    presets: Vec<PresetBoot>,
) -> iced::application::Application<
    impl iced_program::Program<State = App, Message = Message, Theme = iced::Theme>,
> {
    iced::application(move || App::boot(boot()), App::update, App::view)
        .title(App::title)
        .subscription(App::subscription)
        .window(iced::window::Settings {
            size: iced::Size::new(1000.0, 680.0),
            min_size: Some(MIN_WINDOW),
            resizable: true,
            ..iced::window::Settings::default()
        })
        .presets(
            presets
                .into_iter()
                .map(|(name, boot)| iced::Preset::new(name, move || App::boot(boot()))),
        )
}

/// The smallest window every page is laid out for.
pub const MIN_WINDOW: iced::Size = iced::Size::new(1000.0, 680.0);

/// Opens the main window (at its last size) and runs until it is closed.
pub fn run(data: DataDir) -> iced::Result {
    // Before the first frame the window's thread connects to the display and sets up the
    // keyboard (input method, compose table): meanwhile the system's fonts (which the renderer
    // reads before laying out text), the current language's messages and what is on this disk
    // are read on other threads; the boot takes what they read.
    std::thread::spawn(|| drop(iced::advanced::graphics::text::font_system().read()));
    let ahead = {
        let data = data.clone();
        std::thread::spawn(move || {
            crate::i18n::prepare();
            Box::new(crate::deploy::local_status(&data))
        })
    };
    let ahead = std::sync::Mutex::new(Some(ahead));
    let size = crate::settings::Settings::load(&data)
        .window
        .map(|(width, height)| {
            iced::Size::new(width.max(MIN_WINDOW.width), height.max(MIN_WINDOW.height))
        })
        .unwrap_or(MIN_WINDOW);
    application(
        move || {
            // Read ahead for the first boot only; a later boot reads the disk again.
            let status = ahead
                .lock()
                .ok()
                .and_then(|mut ahead| ahead.take())
                .and_then(|reading| reading.join().ok());
            Boot {
                status,
                ..Boot::new(data.clone())
            }
        },
        Vec::new(),
    )
    .window_size(size)
    .run()
}
