//! Paths that come from the topology or the CMS and name something inside a component's
//! directory: checked to be relative and normal (`check`), and made without ever following a
//! symbolic link, so that what the wizard then chowns or chmods is inside that directory
//! (`make_dir`). A publication cannot hand `/etc` to a service account, and a service account
//! that replaces its directory by a link cannot make the wizard (root) change what the link
//! points to.

use std::path::{Path, PathBuf};

/// The longest path accepted, in bytes.
pub const MAX_LEN: usize = 255;

/// Why a path would not stay inside its component's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// Nothing at all.
    Empty,
    /// Longer than [`MAX_LEN`] bytes.
    TooLong,
    /// Starts with `/`: it would be anywhere on the machine.
    Absolute,
    /// A `..` part: it would climb out.
    Parent,
    /// A `.` or empty part (`a//b`, `a/./b`, a trailing `/`): not written the one way.
    NotNormal,
    /// A character other than letters, digits, `.`, `_` and `-` in a part.
    Character(char),
}

impl std::fmt::Display for PathProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathProblem::Empty => write!(f, "it is empty"),
            PathProblem::TooLong => write!(f, "it is longer than {MAX_LEN} characters"),
            PathProblem::Absolute => write!(f, "it is absolute (starts with /)"),
            PathProblem::Parent => write!(f, "it has a \"..\" part"),
            PathProblem::NotNormal => write!(f, "it has an empty or \".\" part"),
            PathProblem::Character(c) => write!(f, "it holds {c:?}"),
        }
    }
}

/// Checks that `path` is relative, normal (no empty, `.` or `..` part) and made of letters,
/// digits, `.`, `_` and `-` between single slashes.
pub fn check(path: &str) -> Result<(), PathProblem> {
    if path.is_empty() {
        return Err(PathProblem::Empty);
    }
    if path.len() > MAX_LEN {
        return Err(PathProblem::TooLong);
    }
    if path.starts_with('/') {
        return Err(PathProblem::Absolute);
    }
    for part in path.split('/') {
        match part {
            ".." => return Err(PathProblem::Parent),
            "" | "." => return Err(PathProblem::NotNormal),
            _ => {}
        }
        if let Some(c) = part
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(PathProblem::Character(c));
        }
    }
    Ok(())
}

/// The part of `path` under `base`: `path` itself when relative, the rest when it is `base`
/// followed by more; checked with [`check`]. A path elsewhere is [`PathProblem::Absolute`].
pub fn inside(base: &Path, path: &str) -> Result<String, PathProblem> {
    let relative = if path.starts_with('/') {
        let rest = Path::new(path)
            .strip_prefix(base)
            .map_err(|_| PathProblem::Absolute)?;
        rest.to_str()
            .ok_or(PathProblem::Character('\u{FFFD}'))?
            .to_string()
    } else {
        path.to_string()
    };
    check(&relative)?;
    Ok(relative)
}

/// Who gets a directory [`make_dir`] makes, and with which mode.
#[derive(Debug, Clone, Copy, Default)]
pub struct Owner {
    /// User and group ids to give it to (`None`: left as it is).
    pub ids: Option<(u32, u32)>,
    /// Permission bits to set (`None`: left as they are).
    pub mode: Option<u32>,
}

/// Makes `relative` (checked with [`check`]) under `base`, one part at a time, creating the
/// parts that are missing (0755, less the umask) and never following a
/// symbolic link: a part that is a link, or not a directory, is refused. The last directory is
/// then given to `owner` through the descriptor that was opened, not through its name. Returns
/// its path.
#[cfg(unix)]
pub fn make_dir(base: &Path, relative: &str, owner: Owner) -> std::io::Result<PathBuf> {
    use rustix::fs::{Mode, OFlags};
    use std::io::{Error, ErrorKind};
    check(relative).map_err(|p| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{relative}: refused as a directory inside {}: {p}",
                base.display()
            ),
        )
    })?;
    let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
    let mut dir = rustix::fs::open(base, flags, Mode::empty())?;
    let parts: Vec<&str> = relative.split('/').collect();
    for (index, part) in parts.iter().enumerate() {
        match rustix::fs::mkdirat(&dir, *part, Mode::from_raw_mode(0o755)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
        dir = rustix::fs::openat(&dir, *part, flags | OFlags::NOFOLLOW, Mode::empty()).map_err(
            |e| match e {
                rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR => Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{} is a symbolic link or not a directory: refused (it could lead outside {})",
                        base.join(parts[..=index].join("/")).display(),
                        base.display()
                    ),
                ),
                other => other.into(),
            },
        )?;
    }
    if let Some((uid, gid)) = owner.ids {
        rustix::fs::fchown(
            &dir,
            Some(rustix::fs::Uid::from_raw(uid)),
            Some(rustix::fs::Gid::from_raw(gid)),
        )?;
    }
    if let Some(mode) = owner.mode {
        rustix::fs::fchmod(&dir, Mode::from_raw_mode(mode))?;
    }
    Ok(base.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_normal_paths_pass() {
        for good in ["files", "data/files", "a.b_c-d", "...", ".hidden"] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        let bad = [
            ("", PathProblem::Empty),
            ("/", PathProblem::Absolute),
            ("/etc", PathProblem::Absolute),
            ("..", PathProblem::Parent),
            ("files/../../etc", PathProblem::Parent),
            ("a//b", PathProblem::NotNormal),
            ("./files", PathProblem::NotNormal),
            ("files/", PathProblem::NotNormal),
            ("fi les", PathProblem::Character(' ')),
            ("a\\..\\b", PathProblem::Character('\\')),
            ("f\u{0}", PathProblem::Character('\u{0}')),
            ("fïles", PathProblem::Character('ï')),
        ];
        for (path, problem) in bad {
            assert_eq!(check(path), Err(problem), "{path:?}");
        }
        assert_eq!(check(&"a/".repeat(200)), Err(PathProblem::TooLong));
        assert_eq!(
            inside(Path::new("/srv/x"), "/srv/x/files"),
            Ok("files".into())
        );
        assert_eq!(
            inside(Path::new("/srv/x"), "/srv/xy/files"),
            Err(PathProblem::Absolute)
        );
        assert_eq!(
            inside(Path::new("/srv/x"), "/srv/x"),
            Err(PathProblem::Empty)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_on_the_way_is_refused_and_nothing_outside_changes() {
        use std::os::unix::fs::PermissionsExt;
        let base = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::set_permissions(outside.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let made = make_dir(
            base.path(),
            "data/files",
            Owner {
                ids: None,
                mode: Some(0o700),
            },
        )
        .unwrap();
        assert!(made.is_dir());
        assert_eq!(
            std::fs::metadata(&made).unwrap().permissions().mode() & 0o777,
            0o700
        );
        // The service account replaces its directory by a link to somewhere else.
        std::fs::remove_dir(&made).unwrap();
        std::os::unix::fs::symlink(outside.path(), &made).unwrap();
        let error = make_dir(
            base.path(),
            "data/files",
            Owner {
                ids: None,
                mode: Some(0o700),
            },
        )
        .unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(
            std::fs::metadata(outside.path())
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o755,
            "what the link points to is untouched"
        );
        // A link as a middle part is refused as well.
        std::fs::remove_file(&made).unwrap();
        std::fs::remove_dir(base.path().join("data")).unwrap();
        std::os::unix::fs::symlink(outside.path(), base.path().join("data")).unwrap();
        assert!(make_dir(base.path(), "data/files", Owner::default()).is_err());
        assert!(!outside.path().join("files").exists());
    }
}
