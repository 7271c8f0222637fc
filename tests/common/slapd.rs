//! An OpenLDAP directory (slapd) the test starts in a host's network namespace: its own
//! configuration (`cn=config`, writable only by its administrator), a certificate from a CA the
//! test makes, people under `ou=People`, and a help-desk account with no rights but reading.
//! Dropping it ends the slapd (our own child) and its files go with the workspace.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::hosts::Hosts;

/// The base DN.
pub const BASE: &str = "dc=lab,dc=test";
/// The administrator (root DN of the data, manager of cn=config).
pub const ADMIN: &str = "cn=admin,dc=lab,dc=test";
/// The administrator's password.
pub const ADMIN_PASSWORD: &str = "Admin-Secret-4711";
/// An account that may bind and read, nothing more.
pub const HELPDESK: &str = "uid=helpdesk,ou=People,dc=lab,dc=test";
/// Its password.
pub const HELPDESK_PASSWORD: &str = "Helpdesk-Secret-0815";
/// Every lab person's password.
pub const USER_PASSWORD: &str = "User-Secret-2025";

/// A running slapd.
pub struct Slapd {
    child: Child,
    /// `ldaps://FQDN:636`.
    pub ldaps: String,
    /// `ldap://FQDN:389` (StartTLS).
    pub ldap: String,
    /// The CA that signed its certificate (PEM).
    pub ca: PathBuf,
    /// The administrator's password file.
    pub admin_password: PathBuf,
    /// The help-desk account's password file.
    pub helpdesk_password: PathBuf,
    /// Its directory.
    pub dir: PathBuf,
}

fn run(command: &mut Command, what: &str) -> String {
    let out = super::output_within(command, Duration::from_secs(60));
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn secret_file(path: &Path, secret: &str) -> PathBuf {
    std::fs::write(path, secret).unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    path.to_path_buf()
}

/// A certificate for `fqdn` from a CA made here; returns (ca, cert, key).
fn certificate(dir: &Path, fqdn: &str) -> (PathBuf, PathBuf, PathBuf) {
    let ca = super::tls_certificates_for(dir, fqdn, &format!("DNS:{fqdn}"));
    (ca, dir.join("tls.pem"), dir.join("tls.key"))
}

fn person(uid: &str, name: &str, hash: &str) -> String {
    format!(
        "dn: uid={uid},ou=People,{BASE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\nsn: {}\nmail: {uid}@lab.test\nuserPassword: {hash}\n\n",
        name.rsplit(' ').next().unwrap_or(name)
    )
}

impl Slapd {
    /// Starts slapd on `fqdn`'s address with the lab people and `extra` more (user0001…).
    pub fn start(hosts: &Hosts, fqdn: &str, dir: &Path, extra: usize) -> Slapd {
        let host = hosts.host(fqdn);
        std::fs::create_dir_all(dir.join("slapd.d")).unwrap();
        std::fs::create_dir_all(dir.join("db")).unwrap();
        let (ca, cert, key) = certificate(dir, fqdn);
        let admin_password = secret_file(&dir.join("admin.pw"), ADMIN_PASSWORD);
        let helpdesk_password = secret_file(&dir.join("helpdesk.pw"), HELPDESK_PASSWORD);
        let user_password = secret_file(&dir.join("user.pw"), USER_PASSWORD);
        let hash = |file: &Path| {
            run(
                Command::new("slappasswd")
                    .args(["-h", "{SSHA}", "-T"])
                    .arg(file),
                "slappasswd",
            )
            .trim()
            .to_string()
        };
        let (admin_hash, helpdesk_hash, user_hash) = (
            hash(&admin_password),
            hash(&helpdesk_password),
            hash(&user_password),
        );
        let d = dir.display();
        let config = format!(
            "dn: cn=config\nobjectClass: olcGlobal\ncn: config\nolcPidFile: {d}/slapd.pid\n\
olcTLSCACertificateFile: {ca}\nolcTLSCertificateFile: {cert}\nolcTLSCertificateKeyFile: {key}\n\n\
dn: cn=module{{0}},cn=config\nobjectClass: olcModuleList\ncn: module{{0}}\nolcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\n\n\
dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n\
include: file:///etc/ldap/schema/core.ldif\n\n\
include: file:///etc/ldap/schema/cosine.ldif\n\n\
include: file:///etc/ldap/schema/inetorgperson.ldif\n\n\
dn: olcDatabase={{-1}}frontend,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcFrontendConfig\nolcDatabase: {{-1}}frontend\n\
olcAccess: {{0}}to dn.base=\"\" by * read\nolcAccess: {{1}}to dn.base=\"cn=Subschema\" by * read\n\n\
dn: olcDatabase={{0}}config,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: {{0}}config\n\
olcAccess: {{0}}to * by dn.exact=\"{ADMIN}\" manage by * none\n\n\
dn: olcDatabase={{1}}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {{1}}mdb\n\
olcSuffix: {BASE}\nolcDbDirectory: {d}/db\nolcRootDN: {ADMIN}\nolcRootPW: {admin_hash}\n\
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none\n\
olcAccess: {{1}}to * by users read by * none\n",
            ca = ca.display(),
            cert = cert.display(),
            key = key.display(),
        );
        std::fs::write(dir.join("config.ldif"), config).unwrap();
        run(
            Command::new("slapadd")
                .args(["-n", "0", "-F"])
                .arg(dir.join("slapd.d"))
                .arg("-l")
                .arg(dir.join("config.ldif")),
            "slapadd (configuration)",
        );
        let mut data = format!(
            "dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: lab\no: Lab\n\n\
dn: ou=People,{BASE}\nobjectClass: organizationalUnit\nou: People\n\n"
        );
        for (uid, name) in [
            ("alice", "Alice Martin"),
            ("bob", "Bob Durand"),
            ("carol", "Carol Petit"),
            ("ceo", "Claire Executive"),
        ] {
            data.push_str(&person(uid, name, &user_hash));
        }
        data.push_str(&person("helpdesk", "Help Desk", &helpdesk_hash));
        for i in 1..=extra {
            data.push_str(&person(
                &format!("user{i:04}"),
                &format!("User Number{i:04}"),
                &user_hash,
            ));
        }
        std::fs::write(dir.join("data.ldif"), data).unwrap();
        run(
            Command::new("slapadd")
                .args(["-q", "-n", "1", "-F"])
                .arg(dir.join("slapd.d"))
                .arg("-l")
                .arg(dir.join("data.ldif")),
            "slapadd (people)",
        );
        let urls = format!("ldap://{ip}:389/ ldaps://{ip}:636/", ip = host.ip);
        let child = Hosts::command_in(&host.ns, "/usr/sbin/slapd")
            .arg("-F")
            .arg(dir.join("slapd.d"))
            .args(["-h", &urls, "-d", "0"])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(dir.join("slapd.log")).unwrap(),
            ))
            .spawn()
            .expect("slapd starts");
        let slapd = Slapd {
            child,
            ldaps: format!("ldaps://{fqdn}:636"),
            ldap: format!("ldap://{fqdn}:389"),
            ca,
            admin_password,
            helpdesk_password,
            dir: dir.to_path_buf(),
        };
        slapd.wait_listening(hosts, fqdn);
        slapd
    }

    fn wait_listening(&self, hosts: &Hosts, fqdn: &str) {
        let host = hosts.host(fqdn);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = super::output_within(
                Hosts::command_in(&host.ns, "ldapsearch").args([
                    "-x",
                    "-H",
                    &format!("ldap://{}:389", host.ip),
                    "-s",
                    "base",
                    "-b",
                    "",
                    "namingContexts",
                ]),
                Duration::from_secs(10),
            );
            if out.status.success() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "slapd did not answer: {}",
                std::fs::read_to_string(self.dir.join("slapd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Searches as the administrator (over StartTLS with the test's CA) and returns LDIF.
    pub fn search_as_admin(
        &self,
        hosts: &Hosts,
        fqdn: &str,
        base: &str,
        filter: &str,
        attrs: &[&str],
    ) -> String {
        let host = hosts.host(fqdn);
        let mut command = Hosts::command_in(&host.ns, "ldapsearch");
        command
            .env("LDAPTLS_CACERT", &self.ca)
            .args([
                "-x",
                "-ZZ",
                "-LLL",
                "-o",
                "ldif-wrap=no",
                "-H",
                &self.ldap,
                "-D",
                ADMIN,
                "-y",
            ])
            .arg(&self.admin_password)
            .args(["-b", base, filter])
            .args(attrs);
        run(&mut command, "ldapsearch as the administrator")
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        // Our own child: the pid is the one we spawned (ip netns exec execs slapd in place).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
