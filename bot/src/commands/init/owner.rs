//! The service user: as root (the Debian package's case) the data dir must end up the `hopenow`
//! user's, or the service cannot open what init made in it.

use std::path::Path;

use anyhow::Context;

/// A system user, from /etc/passwd.
#[derive(Debug, Clone)]
pub struct Owner {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

/// The user named (it must exist), else `hopenow` when init runs as root and that user exists.
pub fn service_user(named: Option<&str>) -> anyhow::Result<Option<Owner>> {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    match named {
        Some(name) => lookup(&passwd, name).map(Some).with_context(|| {
            format!("--service-user {name} (answers key service_user): no such user; make it (adduser --system --group {name}) or leave the flag out")
        }),
        None if rustix::process::geteuid().is_root() => Ok(lookup(&passwd, "hopenow")),
        None => Ok(None),
    }
}

fn lookup(passwd: &str, name: &str) -> Option<Owner> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [user, _, uid, gid, ..] if *user == name => {
                Some(Owner { name: name.to_owned(), uid: uid.parse().ok()?, gid: gid.parse().ok()? })
            }
            _ => None,
        }
    })
}

/// Gives `root` and everything under it to `owner` (symlinks themselves, never their targets).
pub fn give_tree(root: &Path, owner: &Owner) -> anyhow::Result<()> {
    std::os::unix::fs::lchown(root, Some(owner.uid), Some(owner.gid))
        .with_context(|| format!("cannot give {} to the user {}", root.display(), owner.name))?;
    if std::fs::symlink_metadata(root)?.is_dir() {
        for entry in std::fs::read_dir(root)? {
            give_tree(&entry?.path(), owner)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_user_by_name() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nhopenow:x:998:997::/var/lib/hopenow:/usr/sbin/nologin\n";
        let owner = lookup(passwd, "hopenow").unwrap();
        assert_eq!((owner.uid, owner.gid), (998, 997));
        assert!(lookup(passwd, "nobody").is_none());
    }
}
