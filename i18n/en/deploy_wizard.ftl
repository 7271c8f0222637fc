# deploy-wizard — English
app-title = Deployment Wizard
app-subtitle = Install or Update System
certificate-wizard = Certificate Wizard
step-local-store = Step 1: Install Local Configuration Store
step-components = Step 2: Setup or Remove Components
step-certificates = Step 3: Request, Install or Assign Certificates
step-services = Step 4: Start Services
status-complete = Complete
status-not-run = Not run
status-failed = Failed
status-partial = Partial
status-needs-rerun = Needs rerun
status-data-dir = Data directory: { $dir }
status-replica = Local configuration store: revision { $revision } for { $server }
status-no-replica = No local configuration store yet.
status-cms = Central management store: { $location }
gui-refresh = Refresh

## Navigation
nav-home = Home
nav-back = Back
nav-next = Next
nav-cancel = Cancel
nav-finish = Finish
nav-close = Close
browse = Browse…
run = Run
run-again = Run Again

## Home
home-welcome = Welcome. What would you like to do?
home-install-hint = Install the local configuration store, set up components, start services.
home-certificates-hint = See the certificates this server needs and their state.
home-logs-hint = Read the logs of every run.
home-settings-hint = Language, central management store, install path.

## First run
first-run-title = First Run
first-run-intro = Tell the wizard where to install components and where the central management store is.
first-run-install-path = Install path
first-run-install-placeholder = /opt/deploy-wizard
first-run-cms = Central management store (folder or https:// URL)
first-run-continue = Continue
first-run-lab = Use a lab topology for this computer
first-run-lab-hint = Publishes a Standard Edition server named after this computer, and a lab certification authority, into a new central management store in the data directory.
first-run-lab-button = Create the lab topology
first-run-absolute-path = The install path must be an absolute path, such as /opt/deploy-wizard.
lab-created = Created the lab central management store in { $dir } for { $server }. Next: run step 1.

## System page
step1-description = Reads the topology and global settings from the central management store into this server's local replica.
step1-prerequisites = Needs: the central management store (a folder or https URL), or a configuration export (.zip).
step2-description = Installs, updates or removes the components this server's roles need.
step2-prerequisites = Needs: step 1; the programs the components run (nginx for web services), free ports and disk.
step3-description = Requests, installs and assigns the certificates of this server's usages.
step3-prerequisites = Needs: step 1; a certification authority (the lab CA, an ACME CA, or an offline request).
step4-description = Starts every service of the installed components.
step4-prerequisites = Needs: steps 2 and 3: components installed and their certificates assigned.
service-status-optional = Service Status (optional)

## Step 1
step1-source-title = Local Configuration Store
step1-source-intro = Where should the configuration be read from?
step1-from-cms = Retrieve directly from the Central Management store
step1-from-file = Import from a file
step1-from-file-hint = For servers that cannot reach the central management store, such as Edge servers: a .zip made by deploy-wizard cms export.
step1-cms-placeholder = /srv/cms or https://cms.contoso.com/
step1-export-password = Export password (when the export holds encrypted protected objects)
step1-export-password-placeholder = the password given to cms export
step1-file-placeholder = /path/to/config-export.zip
step1-done = Local configuration store at revision { $revision } for { $server }.
file-kind-export = Configuration export

## Step 2
step2-plan-title = Components
plan-install-path = Install path: { $path }
plan-add = To install
plan-update = To update
plan-remove = To remove
plan-unchanged = Up to date
plan-none = none
step2-prerequisites-title = Prerequisites
prerequisites-satisfied = All prerequisites are satisfied.
prerequisites-not-satisfied = Prerequisites not satisfied
prerequisites-fix = Fix every item below, then check again.
check-again = Check Again
step2-done = Installed: { $add }. Updated: { $update }. Removed: { $remove }. { $written ->
    [0] No file written.
    [one] One file written.
   *[other] { $written } files written.
}
step2-reboot = A component asks for a restart of this server: restart it to finish.

## Step 4 and Service Status
step4-done = { $count ->
    [one] One service started.
   *[other] { $count } services started.
}
service-status = Service Status
service-status-probing = Probing the services…
service-status-none = No component is installed: run step 2 first.
service-running = running (process { $pid })
service-stopped = not running
port-presents-assigned = presents the assigned certificate
port-presents-assigned-admitted = presents the assigned certificate; the firewall admits it
port-not-admitted = presents the assigned certificate, but the host firewall does not admit this port: run step 2
service-healthy = its protocol check answers
service-unhealthy = its protocol check fails (SIP OPTIONS, TURN, XMPP, its store or the health page)
service-standby-lag = { $bytes ->
        [0] standby in sync with its primary
       *[other] standby { $bytes } bytes behind its primary
    }
port-presents-other = presents { $presented }, assigned is { $assigned }

## Executing Commands
executing-commands = Executing Commands
task-status-running = Task status: Running…
task-status-completed = Task status: Completed
task-status-failed = Task status: Failed
task-status-cancelled = Task status: Cancelled
run-interrupted = The command was interrupted.
executing-no-log = No log yet
view-log = View Log
cancel-confirm-title = Stop the running step?
cancel-confirm-body = The step stops after its current unit of work; what is already done is kept, and the step shows as Failed until you run it again.
cancel-confirm-stop = Stop the step
cancel-confirm-continue = Keep running

## Certificates
certificates-intro = The usages this server needs, from its roles. Select one or more rows, then Request or Assign.
usage-valid = Assigned
usage-expiring = Expires soon
usage-invalid = Invalid
usage-missing = Missing
scope-global = global
scope-local = local

## Logs
logs-title = Logs
logs-none = No runs yet.
logs-search = Search
logs-level-all = All levels
logs-level-warnings = Warnings and errors
logs-level-errors = Errors only
logs-jump-error = Jump to First Error
logs-no-error = This run has no error.
logs-lines = { $count ->
    [one] 1 line
   *[other] { $count } lines
}
logs-matches = { $count ->
    [one] 1 match
   *[other] { $count } matches
}
logs-save-placeholder = run.html
logs-save-html = Save as HTML
logs-copy-script = Copy as Script
logs-saved = Saved { $path }
logs-save-failed = Cannot save { $path }: { $reason }
logs-copied = { $count ->
    [one] Copied one command line to the clipboard.
   *[other] Copied { $count } command lines to the clipboard.
}

## Settings
settings-title = Settings
settings-language = Language
settings-data-dir = Data directory
settings-install-default = Default: { $path }
settings-save = Save
settings-saved = Settings saved.
settings-save-failed = Cannot save the settings: { $reason }

## Certificate Wizard
file-kind-certificate = Certificate
file-kind-pem = PEM certificates
cw-column-usage = Usage
cw-column-status = Status
cw-column-friendly-name = Friendly name
cw-column-expires = Expires
cw-column-scope = Scope
cw-request = Request
cw-assign = Assign
cw-remove = Remove
cw-view = View
cw-import = Import Certificate
cw-export = Export
cw-process-pending = Process Pending Request
cw-pending-count = { $count ->
    [one] One request waits for its CA's response.
   *[other] { $count } requests wait for their CA's response.
}
cw-roll-pending = Roll scheduled:
cw-yes = Yes
cw-no = No
cw-expires = expires { $date }
cw-flow-request = Certificate Request
cw-flow-assign = Certificate Assignment
cw-flow-import = Import Certificate
cw-flow-export = Export Certificate
cw-flow-pending = Process Pending Request
cw-flow-remove = Remove Certificate Assignment
cw-request-for = For: { $usages }
cw-mode-title = Delayed or Immediate Requests
cw-mode-intro = Choose when the request is sent.
cw-mode-immediate = Send the request immediately to an online certification authority
cw-mode-immediate-detail = The lab CA of the topology, or any ACME CA, issues the certificate now.
cw-mode-delayed = Prepare the request now, but send it later
cw-mode-delayed-detail = A PKCS#10 request file is written; its key waits here until you process the CA's response.
cw-request-file-title = Certificate Request File
cw-request-file-intro = Where to write the request file you will send to your certification authority.
cw-request-file-label = Request file
cw-ca-title = Choose a Certification Authority (CA)
cw-ca-detected = Select a CA from the list detected in your environment
cw-ca-lab-detail = Lab CA { $root }; issues certificates valid { $days } days
cw-ca-cannot-issue = { $name } is detected, but its key is not replicated to this server: it cannot issue here.
cw-ca-none-detected = No CA is published in the central management store.
cw-ca-other = Specify another certification authority
cw-ca-other-detail = Any ACME directory (step-ca, Vault, EJBCA, Let's Encrypt…).
cw-acme-url-label = ACME directory URL
cw-acme-root-label = Root certificates of the directory's HTTPS (PEM, optional)
cw-http01-label = Address the http-01 responder listens on
cw-bad-http01 = { $value } is not an address such as 0.0.0.0:80.
cw-need-ca = Choose a certification authority.
cw-need-acme-url = Give the ACME directory URL.
cw-need-request-file = Give the file to write the request to.
cw-account-title = Certification Authority Account
cw-account-intro = If the CA requires external account binding, give the key id and HMAC key it handed out (optional).
cw-account-lab = The lab CA needs no account. Click Next.
cw-eab-kid-label = Key id
cw-eab-hmac-label = HMAC key
cw-need-both-eab = Give both the key id and the HMAC key, or neither.
cw-eab-summary = external account { $kid }
cw-template-title = Specify Alternate Certificate Template
cw-template-intro = The certificate template the CA issues from.
cw-template-label = Template
cw-bad-template = The template must be 1 to 64 printable characters.
cw-name-title = Name and Security Settings
cw-friendly-name-label = Friendly name
cw-friendly-name-placeholder = generated from the usages, subject and date
cw-bad-friendly-name = The friendly name must be at most 64 printable characters.
cw-key-label = Bit length and key type
cw-hash-label = Signature hash
cw-exportable = Mark the certificate's private key as exportable
cw-org-title = Organization Information
cw-org-intro = Optional: the organization and unit written in the subject.
cw-org-label = Organization
cw-ou-label = Organizational unit
cw-geo-title = Geographical Information
cw-geo-intro = Optional: country (two letters), state or province, city.
cw-country-label = Country/Region (two-letter code)
cw-state-label = State/Province
cw-city-label = City/Locality
cw-subject-title = Subject Name / Subject Alternative Names
cw-subject-intro = Computed from the topology for the usages requested (read-only).
cw-subject-name = Subject name:
cw-sans-label = Subject alternative names:
cw-sip-title = SIP Domain setting on Subject Alternative Names
cw-sip-intro = Add sip.<domain> names for these SIP domains.
cw-sip-default = { $domain } (default)
cw-need-sip-domain = Check at least one SIP domain.
cw-sans-title = Configure Additional Subject Alternative Names
cw-sans-intro = Names added here are requested beside the ones the topology needs.
cw-add = Add
cw-clear-all = Clear All
cw-sans-none = No additional name.
cw-usage-problem = { $usage }: { $problem }
cw-san-duplicate = { $name } is already in the list.
cw-summary-title = Certificate Request Summary
cw-summary-intro = Click a page's name to change it; Next comes back here.
cw-summary-friendly-name = Friendly name: { $name }
cw-summary-key = Key: { $key }, signature { $hash }
cw-summary-exportable = Exportable private key: { $value }
cw-summary-subject = Subject: { $subject }
cw-issued-notice = Certificate { $thumbprint } issued and stored.
cw-written-notice = Request written to { $file } (pending request { $id }).
cw-status-title = Online Certificate Request Status
cw-status-issued = The certificate was issued and installed.
cw-status-certificate = { $name }, valid until { $date }
cw-status-written = The request file was written.
cw-status-written-next = Send it to your CA, then use Process Pending Request with its response.
cw-details-title = View Certificate Details
cw-assign-after = Assign this certificate to its usages
cw-assign-title = Certificate Assignment
cw-assign-intro = The usages to assign the certificate to.
cw-need-usage = Check at least one usage.
cw-store-title = Certificate Store
cw-store-intro = Certificates that pass every check of { $usages } can be chosen; the others say why not.
cw-store-empty = The store holds no certificate.
cw-need-certificate = Choose a certificate.
cw-assign-summary-title = Certificate Assignment Summary
cw-assign-summary-usages = Usages: { $usages }
cw-assign-summary-certificate = Certificate: { $name } ({ $thumbprint })
cw-roll = Roll: make it current at a date (the current one becomes previous)
cw-effective-label = Effective date (UTC, or with an offset)
cw-assigned-notice = Assigned to { $usages }.
cw-import-title = Import Certificate
cw-import-intro = A .pfx, .p12, .cer, .crt, .pem or .p7b file.
cw-import-file-label = Certificate file
cw-import-has-key = The file contains the private key
cw-password-label = Password
cw-import-trust = Trust the root certificate it contains
cw-need-import-file = Give the certificate file to import.
cw-imported-notice = Now in the store: { $names }.
cw-export-title = Export Certificate
cw-export-intro = The certificate to export with its private key (only exportable keys can be):
cw-export-file-label = PFX file to write
cw-password-again-label = Password (again)
cw-legacy = Legacy encryption (3DES, SHA-1 MAC) for systems that cannot read AES-256 PFX files
cw-not-exportable = Its private key is not exportable.
cw-need-export-file = Give the PFX file to write.
cw-need-password = Give a password.
cw-passwords-differ = The two passwords differ.
cw-exported-notice = Exported to { $file }.
cw-pending-title = Process Pending Request
cw-pending-intro = Choose the pending request and give the certificate your CA returned for it.
cw-pending-none = No request is pending.
cw-response-label = CA response file (.cer, .crt, .pem, .p7b)
cw-need-pending = Choose a pending request.
cw-need-response = Give the CA's response file.
cw-remove-title = Remove Certificate Assignment
cw-remove-intro = These usages will have no certificate assigned (the certificates stay in the store):
cw-detail-friendly-name = Friendly name
cw-detail-subject = Subject
cw-detail-sans = Subject alternative names
cw-detail-issuer = Issuer
cw-detail-serial = Serial number
cw-detail-valid-from = Valid from
cw-detail-valid-to = Valid to
cw-detail-key = Key
cw-detail-signature = Signature algorithm
cw-detail-thumbprint = Thumbprint (SHA-1)
cw-detail-sha256 = SHA-256
cw-detail-key-usages = Key usages
cw-detail-eku = Enhanced key usages
cw-detail-private-key = Private key in the store
cw-detail-exportable = Exportable
cw-detail-origin = Origin
cw-detail-assigned = Assigned to
cw-detail-chain = Certification path

## Server-to-server authentication
home-s2s-hint = The OAuthTokenIssuer certificate, the Exchange autodiscover URL, partner applications.
s2s-title = Server-to-server authentication
s2s-intro = What lets partner servers (an Exchange server, another pool) trust this deployment, and this deployment trust them. Settings are global: published to the central management store.
s2s-realm = Realm (issuer): { $realm }
s2s-current = Current certificate: { $thumbprint }
s2s-previous = Previous certificate (still published): { $thumbprint }
s2s-pending-roll = Rolls to { $thumbprint } on { $date }
s2s-use-default = Use Default certificate
s2s-import-pfx = Import PFX
s2s-import-intro = A PFX file with the private key; it is assigned to OAuthTokenIssuer for every Front End.
s2s-roll = Roll with date
s2s-roll-intro = Until the date the current certificate stays current; from it the new one is current and the old one previous. Both are published in the metadata document.
s2s-roll-none = No other certificate of the store can serve OAuthTokenIssuer: import or request one first.
s2s-rolled = Roll to { $thumbprint } scheduled.
s2s-autodiscover = Exchange autodiscover URL
s2s-url-current = Set for every server: { $url }
s2s-url-none = Not set.
s2s-url-xml = This is the autodiscover.xml file; give the autodiscover service endpoint, ending in autodiscover.svc.
s2s-url-not-https = The URL must start with https://.
s2s-url-saved = Exchange autodiscover URL set to { $url }.
s2s-partners = Partner applications
s2s-no-partner = No partner application.
s2s-test = Test
s2s-test-partner = Test Partner Application
s2s-test-passed = All { $count } checks passed.
s2s-add-partner = Add Partner Application
s2s-remove-partner = Remove Partner Application
s2s-partner-added = { $count ->
    [one] Partner application { $name } added (issuer { $issuer }, one certificate).
   *[other] Partner application { $name } added (issuer { $issuer }, { $count } certificates).
}
s2s-partner-removed = Partner application { $name } removed.
s2s-identity-label = Name
s2s-metadata-label = Metadata document URL
s2s-need-metadata-url = Give the partner's metadata document URL.
s2s-trust-label = Trust level
s2s-trust-full = Full
s2s-trust-partial = Partial
s2s-own-metadata = This deployment's metadata document: { $url }
s2s-own-metadata-none = This server has no web services: it publishes no metadata document.
s2s-submit = OK

## Persistent Chat deployment checklist
home-pc-hint = The five deployment tasks, the roles each needs, and where each stands.
pc-title = Persistent Chat deployment checklist
pc-intro = Each task's status is read from the real thing: the programs on this server, the published topology, steps 1 to 4 and the services here, the administrators and the policy in the local configuration store.
pc-task-prerequisites = Install prerequisite hardware and software
pc-task-topology = Create the topology with a Persistent Chat pool
pc-task-deploy = Deploy Persistent Chat Server on every Persistent Chat server
pc-task-administrator = Create a Persistent Chat administrator
pc-task-configure = Configure users (policy) and settings
pc-roles = Needs: { $roles }
pc-roles-local-admin = a member of the local Administrators group
pc-roles-topology = to define: a member of the local Users group; to publish: Domain Admins and RTCUniversalServerAdmins, with full control of the file store
pc-roles-domain-admin = a member of Domain Admins (here: whoever writes the central management store)
pc-roles-configure = CsPersistentChatAdministrator; CsUserAdministrator at least to change policy
pc-done = Done
pc-partial = Partly done
pc-not-done = Not done
pc-why-check-on = Check on each Persistent Chat server ({ $servers }) with step 2's prerequisite check.
pc-why-no-pool = The published topology has no Persistent Chat pool: add one associated with a Front End pool and publish it.
pc-why-pools = Persistent Chat pools: { $pools }.
pc-pool-collocated = { $pool } (associated with { $associated }; store collocated, database { $database })
pc-pool-remote = { $pool } (associated with { $associated }; store { $server }:{ $port }, database { $database })
pc-why-no-server = No Persistent Chat server in the topology yet: add a Persistent Chat pool with its servers (task 2), then run step 2 on each of them.
pc-why-deployed-here = Steps 1 to 4 are complete on { $server } and its Persistent Chat services are healthy.
pc-why-deployed-others-remain = Steps 1 to 4 are complete on { $server } and its services are healthy; run the Deployment Wizard on { $others }.
pc-why-run-steps-here = Run steps 1 to 4 on { $server } (other Persistent Chat servers: { $others }).
pc-why-run-wizard-on = Run the Deployment Wizard on { $servers }.
pc-why-programs-installed = Every program Persistent Chat needs is installed on { $server }.
pc-why-programs-missing = Install on { $server } the packages { $packages } (Install Missing Programs).
pc-why-services-down = On { $server }, not running or not healthy: { $services }. Run step 4, then look at Service Status.
pc-why-administrators = Persistent Chat administrators: { $admins }.
pc-why-no-administrator = No Persistent Chat administrator yet: add one.
pc-why-enabled-at = Policy enables Persistent Chat at { $scopes }.
pc-why-nobody-enabled = Persistent Chat is off by default and no policy enables it: enable it at global, site, pool or user scope.
pc-action-install-programs = Install Missing Programs
pc-action-deploy = Open the Deployment Wizard
pc-action-add-administrator = Add Administrator
pc-action-enable-users = Enable Users
pc-user = User (SIP URI)
pc-scope = Scope (global, site:NAME, pool:FQDN or user:SIPURI)
pc-enabled = Enabled
pc-apply = Apply
pc-applied = This server's Persistent Chat service took the change.
pc-form-policy = Set Policy
pc-form-account = Add Lab Account
pc-password = Password
pc-password-note = Only a verifier of the password is kept (in the central management store); the password itself is never stored or logged. A directory is out of scope: these are lab accounts.
cw-store-more = { $count ->
    [one] One more certificate is not listed ({ $passing } pass every check); the newest are listed first.
   *[other] { $count } more certificates are not listed ({ $passing } pass every check); the newest are listed first.
}
cw-store-checking = Checking the certificates of the store…

## Certificate checks
check-trusted-chain = Trusted chain
check-private-key = Private key
check-validity = Validity
check-server-auth = Server authentication
check-key-strength = Key strength
check-subject = Subject
check-names = Names
check-exportable = Exportable key

## The core's request rules (cert::request::RequestProblem), worded for the CLI and the window
req-org-field = { $field ->
    [organization] The organization
    [unit] The organizational unit
    [city] The city
   *[state] The state or province
} must be 1 to 64 printable characters.
req-country = The country must be a two-letter code such as FR or US, not { $value }.
req-oauth-not-exportable = OAuthTokenIssuer is shared by every Front End through the central management store as a PFX, so its private key must be exportable.
url-not-url = { $url } is not a URL; an ACME directory looks like https://ca.example.com/directory.
url-no-host = { $url } names no host.
status-cms-checking = checking the central management store…
checking = Checking…

## Reasons the core gives as data (log::Reason), worded here
why-chain-missing-issuer = { check-trusted-chain } — issued by { $issuer }, whose certificate is neither in the store nor a trusted root: if it is an intermediate CA, import the certificate with its whole chain (a .p7b file, or a PEM file holding the intermediates); if it is a root CA, import it and trust it.
why-chain-untrusted = { check-trusted-chain } — issued by { $issuer }, which does not chain to a trusted root (the lab CA from the central management store, the system roots, or an imported root): import and trust the root that issued the chain.
why-chain-v1 = { check-trusted-chain } — this is an X.509 version 1 certificate, which carries no extensions (no alternative names, no key usage); servers need version 3: have it issued again by a CA.
why-chain-signature = { check-trusted-chain } — a signature in the chain does not match its issuer's key: the chain was assembled from the wrong certificates; import the chain the CA delivered.
why-chain-algorithm = { check-trusted-chain } — a certificate of the chain is signed with an algorithm TLS clients refuse (such as SHA-1 or MD5): have it issued again with SHA-256 or stronger.
why-chain-ca = { check-trusted-chain } — this is a CA certificate, not a server certificate: assign the certificate the CA issued for this server.
why-chain-der = { check-trusted-chain } — the certificate's encoding is damaged: import it again from the CA's original file.
why-chain-long = { check-trusted-chain } — the chain is longer than TLS clients accept: import the chain the CA delivered.
why-chain-constraints = { check-trusted-chain } — an issuing CA of the chain may not issue this certificate (its path-length or name constraints forbid it): request it from a CA allowed to issue these names.
why-chain-other = { check-trusted-chain } — the chain does not verify ({ $detail }): import the chain the CA delivered.
why-key-mismatch = { check-private-key } — the stored private key does not match the certificate.
why-key-missing = { check-private-key } — no private key for this certificate is in the store: import it with its key (a PFX file) or complete its pending request.
why-assigned-not-in-store = { check-private-key } — certificate { $thumbprint } is assigned but not in this server's store.
why-expired = { check-validity } — expired on { $date }.
why-not-yet-valid = { check-validity } — not valid before { $date }.
why-no-server-auth = { check-server-auth } — the certificate does not carry the serverAuth extended key usage.
why-oauth-not-rsa = { check-key-strength } — OAuthTokenIssuer needs an RSA key; this one is { $kind }.
why-oauth-weak = { check-key-strength } — the key has { $bits } bits; OAuthTokenIssuer needs at least 2048.
why-oauth-subject = { check-subject } — the subject ({ $subject }) is not the default SIP domain { $domain }, which must be its subject name or one of its alternative names.
why-names-missing = { check-names } — { $count ->
    [one] missing required name
   *[other] missing required names
}: { $names }.
why-not-exportable = { check-exportable } — { $usage } is shared by every Front End through the central management store, so its private key must be exportable.
why-checks-failed = Certificate { $thumbprint } cannot be assigned to { $usage }:
why-in-file = { $file }:
why-pfx-wrong-password = The password is wrong for this PFX file (its integrity check failed).
why-pfx-password-needed = This is a PFX file: give its password.
why-export-password-needed = { $path } holds protected objects encrypted with its export password: give that password.
why-export-password-wrong = The export password is wrong for { $path }: give the password used when it was exported.
why-certificates-missing = { $component } needs its certificates before it starts: assign { $usages } (step 3), then run step 2 again.
why-port-busy = { $service } cannot start: TCP port { $port } is already in use by { $holder }. Stop that program, or give the service another port in the topology.
why-bad-host = { $url }: { $detail }
cli-hint-pfx-password = Give it with --password-file F or DEPLOY_WIZARD_PFX_PASSWORD.
cli-hint-export-password = Give it with --password-file F or DEPLOY_WIZARD_EXPORT_PASSWORD.
why-partner-checks-failed = { $count ->
    [one] A check of the partner application failed:
   *[other] { $count } checks of the partner application failed:
}
why-partner-unreachable = Metadata reachable — { $detail }. Usual cause: the partner's web services are stopped, the URL is wrong, or a firewall is in the way.
why-partner-tls = TLS chain — { $detail }. Usual cause: the partner's web certificate comes from a CA this server does not trust: import its root and trust it.
why-partner-expired = Signing certificates — { $detail }. Usual cause: the partner's OAuthTokenIssuer certificate expired: the partner must roll a new one.
why-partner-not-metadata = Metadata document — { $detail }. Usual cause: the URL does not point at a metadata document (…/metadata/json/1).
why-partner-issuer = Issuer — { $detail }. Usual cause: the partner changed its realm (default SIP domain): remove the partner and add it again.
why-cancelled = Cancelled by the administrator; nothing was stored.
why-prerequisites = Prerequisites not satisfied:
why-unmet-program = { $component }: the program { $program } is not installed (not found on PATH)
why-unmet-program-package = { $component }: the program { $program } is not installed (not found on PATH); install the package { $package }
why-unmet-file = { $component }: { $what } is not installed ({ $path } is missing); install the package { $package }
why-unmet-resolves = { $component }: the name { $name } does not resolve; add it to DNS (or the hosts file)
why-unmet-turn-secret = { $component }: the CMS has no TURN secret yet: publish one with `deploy-wizard edge secret-rotate`, then run step 1 here
why-unmet-chat-store-secret = { $component }: the CMS has no Persistent Chat store secret: publish the topology again on the CMS host (it adds one), then run step 1 here
why-unmet-cms-served = { $component }: this server hosts the central management store but does not serve it yet: run `deploy-wizard cms serve --cms DIR --password-file F` on the CMS directory, and step 1 here from that directory
why-unmet-chat-store = { $component }: the Persistent Chat store { $server }:{ $port } cannot be reached: { $detail }; check the topology's store server and port, and that PostgreSQL listens there
why-unmet-service-user = { $component }: its services refuse to run as root, and the user { $user } does not exist or cannot reach the install path { $path }; install its package, or choose an install path every user may traverse (such as /srv/deploy-wizard) with --install-path
why-unmet-port-number = { $component }: port { $port } is not a port number
why-unmet-port-held = { $component }: TCP port { $port } is already in use by { $holder }
why-unmet-port-busy = { $component }: TCP port { $port } is already in use
why-unmet-install-path = { $component }: the install path { $path } cannot be written: { $detail }
why-unmet-disk = { $component }: { $needed } MiB of free disk are needed on { $path }, { $free } MiB are free
why-unmet-disk-unknown = { $component }: cannot read the free disk space of { $path }: { $detail }
why-step-failed = the last run failed; see its log
why-step-failed-replica = the last run failed; the local configuration store still holds revision { $revision }
why-step-cms-newer = the central management store is at revision { $cms }; this server has revision { $here }
why-step-cms-unreachable = could not check the central management store: { $detail }
why-step-replica-changed = the local configuration store changed to revision { $revision } since this step last ran
why-step-services-down = not running: { $services }; run step 4 to start them
why-step-warnings = the last run finished with warnings; see its log
why-step-expiring = expiring within 30 days: { $usages }
why-step-no-certificate = no valid certificate for: { $usages }
why-step-renewal-failed = renewal failed for { $usages }; the certificates in use still serve:
why-usage-renewal-failed = { $usage } (in use until { $date }):
why-step-problems = more than one thing needs attention:
why-step4-blocked = { $count ->
    [one] Run step { $steps } first: step 4 starts what step 2 installs with the certificates of step 3.
   *[other] Run steps { $steps } first: step 4 starts what step 2 installs with the certificates of step 3.
}
cw-summary-usages = For: { $usages }

## Run titles, by the kind in the run's id
run-store-install = { step-local-store }
run-components-setup = { step-components }
run-services-start = { step-services }
run-components-remove = Remove Components
run-services-stop = Stop Services
run-cms-init = Use a lab topology for this computer
run-cert-request = Request Certificate
run-cert-import = Import Certificate
run-cert-export = Export Certificate
run-cert-pending-complete = Process Pending Request
run-cert-assign = Certificate Assignment
run-cert-remove = Remove Certificate Assignment
run-ca-create = Create Lab Certification Authority
run-oauth-set = Set OAuth Configuration
run-partner-new = New Partner Application
run-partner-remove = Remove Partner Application
run-partner-test = Test Partner Application
run-choice = { $title } — { $time }
assigned-current = { $usage } (current)
assigned-previous = { $usage } (previous)
assigned-from = { $usage } (from { $date })
dialog-none = No file was chosen: where no file dialog can open (a server, a remote session), type the path in the field.
logs-copy-line = Copy
logs-line-copied = The line was copied to the clipboard.
service-orphans = down, but processes of it still run and hold its ports (pids { $pids }): run step 4 to clear them
service-stale = not running (its pid file named process { $pid }, which is another program)
port-held-by = answered by { $holder }, not by the service

## DNS names
name-empty = The name is empty.
name-white-space = "{ $name }" contains white space.
name-wildcard-not-allowed = "{ $name }" is a wildcard name; a wildcard is not allowed here.
name-misplaced-wildcard = "{ $name }" has a '*' that is not the whole left-most label.
name-invalid-idn = "{ $name }" is not a valid internationalized domain name.
name-not-qualified = "{ $name }" is not a fully qualified name: it needs a domain part, e.g. { $example }.
name-empty-label = "{ $name }" has an empty label (two dots in a row).
name-long-label = "{ $name }" has a label longer than 63 characters.
name-bad-character = "{ $name }" contains '{ $character }'; only letters, digits and '-' are allowed.
name-hyphen-at-edge = "{ $name }" has a label that starts or ends with '-'.
name-looks-like-ip = "{ $name }" looks like an IP address, not a DNS name.
name-too-long = "{ $name }" is longer than 253 characters.

## What each command did (its output lines), worded from the data the core logs
said-setup-plan = Install path { $path }; add: { $add ->
    [none] none
   *[other] { $add }
  }; update: { $update ->
    [none] none
   *[other] { $update }
  }; remove: { $remove ->
    [none] none
   *[other] { $remove }
  }; unchanged: { $unchanged ->
    [none] none
   *[other] { $unchanged }
  }
said-component-wrote = { $component }: wrote { $file }
said-component-removed-stale = { $component }: removed { $file }, which the topology no longer asks for
said-component-removed = { $component }: removed { $count ->
    [one] one file
   *[other] { $count } files
  }
said-reboot-required = A component asks for a restart of this server before its services start
said-port-presents = Port { $port } presents { $thumbprint } ({ $usage })
said-service-reloaded = { $service } reloaded its configuration and certificates
said-service-slow-stop = { $service } did not stop in 10 s; ending its processes { $pids }
said-service-stopped = { $service } stopped
said-pid-file-restored = The pid file { $file } no longer named { $service } (pid { $pid }); it was restored before the command that reads it
said-pid-file-stale = The pid file { $file } names process { $pid }, which is not { $service }: a stale pid file, removed; process { $pid } was left alone
said-service-orphans = { $service } is down but processes of it still run and hold its ports (pids { $pids }); ending them
said-service-already-running = { $service } is already running
said-systemd-unit = systemd unit { $unit }
said-service-running = { $service } is running (pid { $pid })
said-pchat-policy-set = Persistent Chat policy at { $scope }: { $enabled ->
        [true] enabled
       *[false] disabled
    } (revision { $revision })
said-pchat-admin-added = { $user } is now a Persistent Chat administrator (revision { $revision })
said-pchat-admin-removed = { $user } is no longer a Persistent Chat administrator (revision { $revision })
said-pchat-user-added = Persistent Chat account { $user } saved; only its verifier is kept (revision { $revision })
said-pchat-user-removed = Persistent Chat account { $user } removed (revision { $revision })
said-service-initialised = { $service }: created its data (first start)
said-service-provisioned = { $service }: its roles and databases are provisioned
said-systemd-unit-removed = { $service }: removed systemd unit { $unit }
said-service-not-running = { $service } is not running
said-request = Request for { $usages }: subject CN={ $subject }, { $count ->
    [one] one name
   *[other] { $count } names
  }: { $names }; key { $key }
said-offline-request-written = Wrote the certificate request to { $file }; the key waits as pending request { $pending }
said-lab-issued = The lab CA { $ca } issued the certificate
said-certificate-stored = Stored certificate { $thumbprint } ("{ $name }"), valid until { $until }
said-checks-passed = { $thumbprint } passes every check of { $usage }
said-assignment = { $usage }: current { $current ->
    [none] none
   *[other] { $current }
  }, previous { $previous ->
    [none] none
   *[other] { $previous }
  }
said-assignment-roll = { $usage }: { $pending } becomes current on { $effective }; { $current ->
    [none] no certificate
   *[other] { $current }
  } stays current until then
said-global-published = Published the global OAuthTokenIssuer assignment to { $cms } (revision { $revision })
said-global-unassigned = Removed the global { $usage } assignment from the central management store
said-unassigned = { $usage } no longer uses { $thumbprint ->
    [none] any certificate
   *[other] { $thumbprint }
  }
said-was-unassigned = { $usage } had no certificate assigned
said-file-holds = { $file } holds { $count ->
    [one] one certificate
   *[other] { $count } certificates
  }
said-file-holds-with-key = { $file } holds { $count ->
    [one] one certificate
   *[other] { $count } certificates
  } and a private key
said-imported-with-key = Stored { $thumbprint } ({ $subject }) with its private key
said-imported-without-key = Stored { $thumbprint } ({ $subject }) without a private key
said-root-trusted = Trusted root added: { $thumbprint } ({ $subject })
said-exported = Exported { $thumbprint } with its private key to { $file } ({ $protection })
said-response-matches = The response matches pending request { $pending } ({ $subject })
said-response-stored = Stored certificate { $thumbprint } with its private key
said-lab-ca-published = Published lab CA { $ca } to { $cms } (revision { $revision }); servers see it after step 1
said-acme-account-kept = Using the ACME account kept in { $file }
said-acme-account-created = Creating an ACME account at { $directory }
said-acme-account-created-eab = Creating an ACME account at { $directory } with external account binding
said-acme-account-forgotten = The CA no longer knows the kept ACME account; creating a new one
said-acme-listening = Listening on { $listen } for the CA's http-01 validation
said-acme-webroot = The web services hold { $listen }: the CA's http-01 validation is answered through them, from { $dir }
said-acme-order = Order created for { $names }
said-acme-challenge = Answering the http-01 challenge for { $name } on { $listen }
said-acme-waiting = Waiting for the CA to validate the order
said-acme-validated = The CA validated the order; sending the certificate request
said-acme-downloading = Downloading the certificate
said-acme-issued = Certificate issued
said-cms-reading = Reading the central management store at { $cms }
said-cms-revision = Revision { $revision } published { $published }; { $count ->
    [one] one document
   *[other] { $count } documents
  }
said-document-verified = Verified { $document }: { $count } bytes, SHA-256 { $sha256 }
said-this-server = This server is { $server } in pool { $pool } (site { $site }; roles { $roles }), found by { $by ->
    [option] --server
    [fqdn] the machine's FQDN
   *[short] the short host name
  }
said-replica-reinstalled = Local configuration store reinstalled at revision { $revision }
said-replica-updated = Local configuration store updated from revision { $from } to { $revision }
said-replica-installed = Local configuration store installed at revision { $revision }
said-autodiscover-published = Published the Exchange autodiscover URL { $url } (revision { $revision })
said-fetching = Fetching { $url }
said-metadata-read = { $url }: issuer { $issuer }, { $count ->
    [one] one signing certificate
   *[other] { $count } signing certificates
  }
said-partner-published = Published partner application { $partner } (revision { $revision })
said-partner-removed = Removed partner application { $partner } (revision { $revision })
said-global-certificate-installed = Installed global certificate { $thumbprint } into this server's store
said-replication-reported = Reported revision to the central management store ({ $cms }): its replication status shows this server
said-replication-not-reported = Revision not reported to the central management store ({ $cms }): { $reason }
said-pool-started = Pool { $pool } is started: { $up } of { $total } servers answer (not answering: { $down })
why-pool-no-quorum = Pool { $pool } is not started: { $up } of { $total } servers answer, { $needed } are needed; not answering: { $down }. Run step 4 (deploy-wizard services start) on those servers, or check that they are reachable, then start the pool again
said-pool-step4 = Pool { $pool }: { $up } of { $total } servers answer; a Standard Edition pool or a pool of fewer than three servers is started by step 4 on each server
why-pool-unknown = The topology has no pool { $pool }
why-pool-no-replica = This server has no local configuration store yet: run step 1 first
why-pool-step4-only = Pool { $pool } is a Standard Edition pool or has fewer than three servers ({ $total }): it is started by step 4 (deploy-wizard services start) on each of its servers, not as a whole
said-pool-check-ok = { $server }: { $what } on port { $port } answers ({ $detail })
said-pool-check-failed = { $server }: { $what } on port { $port } does not answer: { $detail }
said-cms-created = Created a central management store in { $cms }
said-lab-published = Published the lab topology and the lab CA "{ $ca }" (revision { $revision }): Standard Edition server { $server } in SIP domain { $domain }
said-lab-published-no-domain = Published the lab topology and the lab CA "{ $ca }" (revision { $revision }): Standard Edition server { $server } in SIP domain { $domain } (this computer has no DNS domain)
said-turn-secret-rotated = Published a new TURN secret (revision { $revision }); run step 1 and step 2 on every Edge and Front End
run-turn-secret = Rotate the TURN Secret
said-service-restarted = { $service } restarted: its configuration changed in a way a reload does not reread
run-install-programs = Install Missing Programs
programs-install = Install Missing Programs
programs-will-run = Install Missing Programs runs: { $command }
programs-need-root = The wizard is not running as root; to install what is missing, run as root: { $command }
programs-no-manager = Install these packages with this system's package manager: { $packages }
programs-installed = Installed { $packages }. Finish checks the prerequisites again.
said-firewall-inactive = { $component }: this host has no active firewall (no input chain drops traffic); nothing to open
said-firewall-unknown = { $component }: the firewall was not changed ({ $reason })
said-firewall-admitted = Firewall: admitted { $ports }
said-firewall-withdrawn = { $component }: its firewall rule was removed
said-service-user = { $component }: its services run as { $user }; the keys it reads are readable by that group only

pool-status = Pool Status
pool-start = Start Pool
pool-checking = Asking every server of the pool…
pool-server-up = answers
pool-server-down = does not answer
pool-no-address = no address
run-pool-start = Start Pool
cw-renew = Renew
cw-flow-renew = Renew Certificate
cw-renew-title = Renew Certificate
cw-renew-intro = The certificate of these usages is renewed now with the certification authority and the choices it was requested with (the names come from the topology as it is now), then assigned to the same usages; the services that present it reload and the wizard checks that they present the new certificate. If the assignment fails, the certificate in use stays.
cw-renew-not-done = The certificate was not renewed.
cw-renews-on = Renews on { $date }
cw-renewal-failed = Renewal failed: { $reason }
cw-renewal-expires = The certificate in use stays assigned and served; it expires on { $date }.
usage-renewal-failed = Renewal failed
renewal-title = Certificate renewal
renewal-at = First daily check (UTC)
renewal-window = Deployment window (UTC)
renewal-window-hint = Any time, or HH:MM-HH:MM
renewal-enable = Enable Schedule
renewal-disable = Disable Schedule
renewal-hook = Command on failure
renewal-hook-hint = Run by /bin/sh with the details in its environment
renewal-hook-save = Save Command
renewal-enabled = Renewal runs twice a day from { $at } UTC.
renewal-disabled = The renewal schedule is removed.
renewal-hook-saved = The failure command is saved.
renewal-not-installed = The renewal schedule is not installed: certificates are renewed only by hand.
renewal-unhealthy = The renewal schedule is installed but does not run this program on this data directory: enable it again.
renewal-installed = The renewal schedule is installed and healthy; next check { $next } UTC.
notify-renewal-failed = deploy-wizard: the renewal of { $usage } failed
why-detail = { $detail }
why-ca-unreachable = The certification authority { $ca } cannot be reached ({ $detail }): check that it runs and that this server reaches it.
why-renewal-request-failed = the CA { $ca } did not issue a new certificate:
why-renewal-not-deployed = renewed, but not deployed (`cert renew --redeploy` deploys it without asking the CA again):
why-renewal-recorded-address = the recorded http-01 address { $listen } is not an address: request the certificate again with the Certificate Wizard
why-renewal-global-elsewhere = a global certificate is renewed on the server that holds the CMS directory (the CMS host)
why-renewal-waiting-window = waiting for the deployment window
why-renewal-nothing-to-redeploy = nothing renewed is waiting to be deployed
why-renewal-backing-off = backing off after a failure until { $until }
why-renewal-imported = it was imported (or requested before renewal was remembered): renew it with the Certificate Wizard
said-renewal-offline-request = an offline CA: give it the new request { $file } and complete it with `cert pending complete` ({ $id })
said-renewal-roll = published as a roll effective { $date }
said-renewal-hook-ran = the failure hook ran
why-renewal-hook-ended = the failure hook ended with { $status }
why-renewal-hook-not-run = the failure hook could not run: { $detail }
why-export-password-required = An export is authenticated with a password (and its protected objects are encrypted with it): give the export password. Without secrets, the password only proves that nothing in it was changed.
why-export-unauthenticated = { $path } carries no authentication (it was made by an older deploy-wizard, or its export.mac was removed): make a new export on the CMS host and install that one.
why-export-tampered = { $path } was changed after it was exported (its contents do not match its authentication): nothing was installed; make a new export on the CMS host.
why-cms-older = { $source } holds revision { $revision }, older than this server's local configuration store (revision { $replica }): installing it would roll this server back; nothing was changed. To do it on purpose, run step 1 again with --allow-older.
cli-services-started = Started { $services }
cli-services-none-started = Every service was already running
cli-services-stopped = Stopped { $services }
cli-services-none-stopped = No service was running
cli-services-none-installed = No service is installed.
cli-service-line = { $service } ({ $component }): { $state }
cli-service-running = running
cli-service-not-running = not running
cli-service-healthy = , healthy
cli-service-degraded = , degraded: its health check fails
cli-service-standby-in-sync = , standby in sync with its primary
cli-service-standby-behind = , standby { $bytes } bytes behind its primary
cli-service-orphans = { $count ->
    [one] , an orphaned process of it still runs (pid { $pids }): step 4 ends it
   *[other] , { $count } orphaned processes of it still run (pids { $pids }): step 4 ends them
}
cli-service-stale-pid = , its pid file names another process (pid { $pid }): a stale pid file, which step 4 clears
cli-service-port = port { $port } { $usage }: presents { $presented }, assigned { $assigned } [{ $state }]
cli-service-nothing = nothing
cli-service-port-ok = ok
cli-service-port-mismatch = MISMATCH
cli-import-expired = Warning: { $thumbprint } expired on { $date }: it cannot be assigned; request or import a valid certificate
cli-import-not-yet-valid = Warning: { $thumbprint } is not valid before { $date }: it cannot be assigned until then
cli-status-unused-secrets = { $count ->
    [one] Warning: this server holds a secret none of its roles uses: { $secrets }. Install a store made for it (`cms export --server FQDN` on the CMS host) so that it holds only what it needs.
   *[other] Warning: this server holds { $count } secrets none of its roles uses: { $secrets }. Install a store made for it (`cms export --server FQDN` on the CMS host) so that it holds only what it needs.
}
said-service-unrecorded-found = { $service }'s own program for this install directory holds port { $port } with no pid file or record (a step was killed while it started it): stopping it (pids { $pids }) so that this start owns what runs
said-service-stop-command-failed = { $service }: its stop command failed ({ $detail }); its verified process is asked to end instead
cli-cert-thumbprint = Thumbprint:    { $value }
cli-cert-sha256 = SHA-256:       { $value }
cli-cert-friendly-name = Friendly name: { $value }
cli-cert-subject = Subject:       { $value }
cli-cert-names = Names:         { $value }
cli-cert-issuer = Issuer:        { $value }
cli-cert-valid = Valid:         { $from } to { $to }
cli-cert-key-with-private = Key:           { $kind } { $bits } bits, private key in the store
cli-cert-key-without-private = Key:           { $kind } { $bits } bits, no private key
cli-cert-exportable = (exportable)
cli-cert-signature = Signature:     { $value }
cli-cert-ekus = Usages (EKU):  { $value }
cli-cert-origin = Origin:        { $value }
cli-cert-chain = Chain { $index }:       { $subject } ({ $thumbprint })
cli-cert-assigned-to = Assigned to:   { $usages }
cli-cert-assigned-nothing = nothing
cli-cert-state-valid = valid
cli-cert-state-expiring = expiring
cli-cert-state-invalid = invalid
cli-cert-state-missing = missing
cli-cert-scope-global = global
cli-cert-scope-local = local
cli-cert-usage-until = (until { $date })
cli-cert-usage-renews-on = renews on { $date }
cli-cert-usage-renewal-failed = RENEWAL FAILED: { $reason }
cli-cert-usage-check-failed = { $check }: { $reason }
cli-cert-subject-line = Subject: { $subject }
cli-cert-names-sans = Subject alternative names:
cli-cert-pending-none = No pending request.
cli-cert-pending-line = { $id }  { $usages }  CN={ $subject }  written to { $file }
cli-cert-stored = Stored certificate { $thumbprint } ("{ $name }") with its private key
cli-cert-assign-it = Assign it with: deploy-wizard cert assign --type { $types } --thumbprint { $thumbprint }
cli-cert-imported-global = Imported { $thumbprint } and assigned it to { $usage } for every server (published to the central management store)
cli-cert-imported-with-key = Imported { $thumbprint } ({ $subject }) with its private key
cli-cert-imported-without-key = Imported { $thumbprint } ({ $subject }) without a private key
cli-cert-trusted-root = Trusted root added: { $thumbprint }
cli-cert-get-current = { $usage }: { $thumbprint }
cli-cert-valid-until = Valid until { $date }
cli-cert-previous = Previous: { $thumbprint }
cli-cert-becomes-current = Becomes current on { $date }: { $thumbprint }
cli-cert-exported = Exported to { $file }
cli-cert-store-empty = The certificate store is empty.
cli-cert-list-no-key = (no key)
cli-cert-list-line = { $thumbprint }  { $name } CN={ $cn } until { $date }{ $key }
cli-cert-roll-needs-date = a roll needs its effective date: add --effective-date DATE (the current certificate stays in use until then)
cli-cert-date-needs-roll = --effective-date goes with --roll
cli-cert-becomes-current-for = { $thumbprint } becomes current for { $usages } on { $date }
cli-cert-assigned = Assigned { $thumbprint } to { $usages }
cli-cert-removed = Removed the { $usage } assignment
cli-cert-pfx-needs-exportable = --pfx-out writes the private key into a file: add --exportable
cli-cert-issued = Issued { $thumbprint } ("{ $name }")
cli-cert-names-line = Names: { $names }
cli-cert-assigned-usages = Assigned to { $usages }
cli-cert-request-written = Wrote the request to { $file }; send it to the CA, then: deploy-wizard cert pending complete --response FILE
cli-cert-pending-request = Pending request { $id } (CN={ $subject })
cli-ca-none = No CA is detected in the environment; create one with `deploy-wizard cms ca create --cms DIR --name NAME`, then run step 1
cli-ca-line = { $name }  ({ $kind }, root { $thumbprint } valid until { $date }, issues for { $days ->
        [one] { $days } day
       *[other] { $days } days
    })
cli-ca-line-cannot-issue = { $name }  ({ $kind }, root { $thumbprint } valid until { $date }, issues for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; this server cannot issue with it)
cli-checklist-task = { $number }. [{ $state }] { $title }
cli-renewal-not-due = { $usages }: { $thumbprint } not due until { $due } (expires { $expires })
cli-renewal-would-renew = { $usages }: { $thumbprint } is due: would renew
cli-renewal-renewed = { $usages }: renewed { $before } → { $after }
cli-renewal-renewed-why = { $usages }: renewed { $before } → { $after } ({ $reason })
cli-renewal-redeployed = { $usages }: deployed { $thumbprint } (renewed earlier; no new CA request)
cli-renewal-stored = { $usages }: renewed { $thumbprint } stored, not deployed yet: { $reason }
cli-renewal-reason = { $usages }: { $reason }
cli-renewal-failed = { $usages }: FAILED: { $reason } (the current certificate { $thumbprint } stays, until { $expires })
cli-renewal-failed-hook = { $usages }: FAILED: { $reason } (the current certificate { $thumbprint } stays, until { $expires }); { $hook }
cli-renewal-none = No certificate is assigned to the selected usages
cli-renewal-enabled = Renewal runs twice a day from { $at } UTC: { $files }
cli-renewal-enabled-window = Renewal runs twice a day from { $at } UTC: { $files }; renewed certificates are deployed between { $window } UTC
cli-renewal-none-installed = No renewal schedule was installed
cli-renewal-removed = Removed { $files }
cli-renewal-hook = On a failed renewal: { $hook }
cli-renewal-no-hook = No command runs on a failed renewal
cli-renewal-bad-percent = --percent { $percent }: give the share of the lifetime after which to renew, from 1 to 99
cli-renewal-policy-percent = { $usages }: renewed once { $percent }% of the lifetime has passed
cli-renewal-policy-days = { $usages }: renewed { $days ->
        [one] { $days } day
       *[other] { $days } days
    } before expiry
cli-renewal-policy-default = { $usages }: renewed at two thirds of the lifetime
cli-renewal-schedule = Schedule: { $state } ({ $scheduler })
cli-renewal-schedule-not-installed = not installed: `deploy-wizard renewal enable` installs it
cli-renewal-schedule-healthy = installed and healthy
cli-renewal-schedule-unhealthy = installed, but it does not run this program on this data directory: run `renewal enable` again
cli-renewal-scheduler-systemd = systemd timer
cli-renewal-scheduler-cron = cron
cli-renewal-next-check = Next check: { $time }
cli-renewal-window = Deployment window: { $window } UTC
cli-renewal-next-due = Next due: { $usages } ({ $thumbprint }) on { $time }
cli-renewal-policy-for-percent = Policy for { $usage }: once { $percent }% of the lifetime has passed
cli-renewal-policy-for-days = Policy for { $usage }: { $days ->
        [one] { $days } day
       *[other] { $days } days
    } before expiry
cli-renewal-last-ok = Last result: no failure
cli-renewal-last-failed = Last result for { $usage }: FAILED: { $reason }
cli-main-run-log = Run log: { $run }
cli-main-run-log-command = The run log: deploy-wizard logs show { $run }
cli-main-secret-file-error = the { $what } file: { $error }
cli-main-secret-file-not-utf8 = the { $what } file { $path } is not UTF-8 text
cli-main-io-error = { $what }: { $error }
cli-cms-ca-created = Created lab CA { $name } in { $cms } (revision { $revision }); run step 1 on each server to detect it
cli-cms-created = Created a central management store in { $dir }
cli-cms-next-store-install = Next: deploy-wizard store install --from-cms { $dir }
cli-cms-published = Published { $file } as revision { $revision }
cli-cms-already-published = { $file } is already published (revision { $revision }); nothing changed
cli-cms-replication-password = replication password
cli-cms-export-password = export password
cli-cms-serve-password-required = give the replication password with --password-file F (or DEPLOY_WIZARD_EXPORT_PASSWORD): the protected documents are served sealed with it
cli-cms-serve-ready = The central management store { $cms } is ready to be served over HTTPS: { $total ->
    [one] { $total } document
   *[other] { $total } documents
}, of which { $sealed ->
    [one] { $sealed } protected one
   *[other] { $sealed } protected ones
} sealed with the replication password.
cli-cms-serve-next = Next: step 2 on this server (the CMS host in the topology) starts serving it; other servers run `store install --from-cms https://HOST:PORT/ --password-file F`
cli-cms-published-revision = Published revision: { $revision }
cli-cms-column-server = Server
cli-cms-column-up-to-date = Up to date
cli-cms-column-revision = Revision
cli-cms-column-last-replicated = Last replicated
cli-cms-up-to-date-true = True
cli-cms-up-to-date-false = False
cli-cms-never-reported = never reported
cli-cms-report-refused = Refused the report received for { $server }: { $reason }
cli-cms-all-up-to-date = Every server holds the published revision
cli-cms-servers-behind = { $count ->
    [one] { $count } server does not hold the published revision: run step 1 on it
   *[other] { $count } servers do not hold the published revision: run step 1 on them
}
cli-cms-export-no-topology = the central management store has no published topology: publish one before exporting for a server
cli-cms-exported = Exported revision { $revision } ({ $documents ->
    [one] { $documents } document
   *[other] { $documents } documents
}) to { $out }
cli-cms-export-sealed = { $count ->
    [one] { $count } protected object is encrypted with the export password; `store install --from-file` asks for it
   *[other] { $count } protected objects are encrypted with the export password; `store install --from-file` asks for it
}
cli-cms-export-left-out-for-server = { $count ->
    [one] { $count } protected object was left out (none of { $server }'s roles uses it)
   *[other] { $count } protected objects were left out (none of { $server }'s roles uses them)
}
cli-cms-export-left-out-without-secrets = { $count ->
    [one] { $count } protected object was left out (--without-secrets)
   *[other] { $count } protected objects were left out (--without-secrets)
}
cli-components-none = none
cli-components-install-path = Install path: { $path }
cli-components-label-add = Add:
cli-components-label-update = Update:
cli-components-label-remove = Remove:
cli-components-label-unchanged = Unchanged:
cli-components-prerequisites-satisfied = Prerequisites: satisfied
cli-components-setup-summary = Installed: { $added }; updated: { $updated }; removed: { $removed }; unchanged: { $unchanged }
cli-components-files = { $written ->
    [one] { $written } file written
   *[other] { $written } files written
}, { $removed } removed
cli-components-reloaded = Reloaded: { $services }
cli-components-restart-required = Restart this server before starting the services.
cli-components-nothing-to-install = Nothing to install: every program step 2 needs is here
cli-components-missing-packages = Missing packages: { $packages }
cli-components-missing-packages-no-manager = Missing packages: { $packages } (this system has neither apt nor dnf)
cli-components-would-run = Would run: { $command }
cli-components-would-run-as-root = Would run: { $command } (as root)
cli-components-installed-packages = Installed { $packages }
cli-components-removed = { $count ->
    [one] Removed every component ({ $count } file)
   *[other] Removed every component ({ $count } files)
}
cli-store-password-file-not-for-directory = --password-file applies to an export or an https:// CMS, not to a CMS directory
cli-store-cms-root-not-for-file = --cms-root applies to an https:// CMS, not to --from-file
cli-store-source-required = say where the central management store is: --from-cms DIR|URL, or --from-file ZIP for an export
cli-store-password-path-unresolved = cannot resolve the --password-file path
cli-store-reinstalled = Local configuration store reinstalled at revision { $revision } from { $source }
cli-store-updated = Local configuration store updated from revision { $old } to { $revision } from { $source }
cli-store-installed = Local configuration store installed at revision { $revision } from { $source }
cli-store-this-server = This server: { $server } (pool { $pool }, roles { $roles })
cli-topology-valid = { $file } is valid: { $sites ->
    [one] { $sites } site
   *[other] { $sites } sites
}, { $pools ->
    [one] { $pools } pool
   *[other] { $pools } pools
}, { $servers ->
    [one] { $servers } server
   *[other] { $servers } servers
}; default SIP domain { $domain }
cli-topology-label-server = Server:
cli-topology-label-site = Site:
cli-topology-label-pool = Pool:
cli-topology-label-roles = Roles:
cli-topology-edition = , { $edition } Edition
cli-topology-pool-servers = Servers of the pool: { $servers }
cli-topology-associated-pool = Associated pool: { $pool }
cli-topology-sip-domains = SIP domains: { $domains }
cli-topology-default-domain = { $domain } (default)
cli-edge-secret-rotated = Published a new TURN secret (revision { $revision }); run step 1 and step 2 on every Edge and Front End
cli-edge-label-username = Username:
cli-edge-label-password = Password:
cli-edge-label-expires = Expires:
cli-edge-expires = { $expires } (Unix time)
cli-logs-none = No runs yet.
cli-logs-wrote = Wrote { $path }
cli-logs-cannot-write = cannot write { $path }
cli-oauth-label-realm = Realm (issuer):
cli-oauth-label-autodiscover = Exchange autodiscover URL:
cli-oauth-label-issuer = OAuthTokenIssuer:
cli-oauth-label-metadata = Metadata document:
cli-oauth-not-set = not set
cli-oauth-none-assigned = none assigned
cli-oauth-previous = (previous { $thumbprint })
cli-oauth-no-web-services = this server has no web services
cli-oauth-autodiscover-set = Exchange autodiscover URL set to { $url } for every server (revision { $revision })
cli-partner-added = Partner application { $identity } added ({ $trust } trust, issuer { $issuer }, { $count ->
    [one] { $count } certificate
   *[other] { $count } certificates
})
cli-partner-none = No partner application.
cli-partner-row = { $identity }  { $trust }  issuer { $issuer }  { $url }
cli-partner-removed = Removed partner application { $identity }
cli-pchat-done = { $done } (CMS revision { $revision })
cli-pchat-redeployed = This server's Persistent Chat service took the change (step 2: { $run })
cli-pchat-not-redeployed = Every Persistent Chat server takes it with step 1 and step 2 (components setup)
cli-pchat-policy-enabled = Persistent Chat enabled at { $scope }
cli-pchat-policy-disabled = Persistent Chat disabled at { $scope }
cli-pchat-no-policy = No policy entry: Persistent Chat is off for everybody
cli-pchat-entry-enabled = { $scope }: enabled
cli-pchat-entry-disabled = { $scope }: disabled
cli-pchat-pool = Pool { $pool } (site { $site }): enabled: { $enabled }; not enabled: { $disabled }
cli-pchat-nobody = nobody
cli-pchat-admin-added = Added the Persistent Chat administrator { $user }
cli-pchat-admin-removed = Removed the Persistent Chat administrator { $user }
cli-pchat-no-admin = No Persistent Chat administrator yet: add one with `deploy-wizard pchat admin add SIPURI`
cli-pchat-password = password
cli-pchat-password-required = give the account's password in a file (--password-file FILE) or in DEPLOY_WIZARD_PCHAT_PASSWORD
cli-pchat-user-saved = Saved the Persistent Chat account { $user }
cli-pchat-user-removed = Removed the Persistent Chat account { $user }
cli-pchat-no-user = No Persistent Chat account yet: add one with `deploy-wizard pchat user add SIPURI --password-file FILE`
cli-pool-server-answers = { $server } ({ $address }): answers
cli-pool-server-silent = { $server } ({ $address }): does not answer
cli-pool-no-address = no address
cli-pool-check = { $what } port { $port }: { $detail }
cli-status-warning = Warning: { $warning }
cli-logs-run-header = Run { $id }: { $title } ({ $outcome })
cli-cert-pfx-password = password
cli-cert-eab-hmac-key = EAB HMAC key
## Refusals of the stores, the run logs, partners, the Edge, certificates and the renewal time,
## worded as their English text always was
why-store-not-a-cms = { $path } is not a central management store (no cms.json); create one with `deploy-wizard cms init { $path }`
why-store-already-a-cms = { $path } is already a central management store (revision { $revision }); publish to it with `deploy-wizard cms publish --cms { $path } --topology FILE`
why-store-not-empty = { $path } is not empty; choose a new or empty directory for the central management store
why-store-io = { $what }: { $detail }
why-store-corrupt = { $what } is damaged: { $reason }
why-store-hash-mismatch = { $document } from { $source } does not match the manifest (expected SHA-256 { $expected }, found { $actual }): the source was changed or damaged after publication; republish it and run step 1 again
why-store-bad-export = { $path } is not a usable configuration export: { $reason }; create one with `deploy-wizard cms export --cms DIR --out FILE.zip`
why-replication-password-needed = { $source } serves protected documents (CA keys, certificates, service secrets) sealed with its replication password: give that password with --password-file F (or DEPLOY_WIZARD_EXPORT_PASSWORD)
why-replication-password-wrong = the replication password is wrong for { $source }: give the password `cms serve` was run with on the CMS host
why-export-password-too-short = the export password is too short: use at least { $min } characters
why-export-password-too-long = the export password is too long: use at most { $max } characters
why-store-http = cannot fetch { $url }: { $reason }
why-store-no-replica = this server has no local configuration store yet; run step 1 first: `deploy-wizard store install --from-cms DIR`
why-cms-no-topology = the central management store at { $source } has no published topology; publish one with `deploy-wizard cms publish`
why-store-install-cancelled = cancelled by the administrator before the new replica was swapped in; the previous local configuration store is unchanged
why-cms-url-no-host = { $location } has no host name
why-cms-url-credentials = the CMS URL must not carry credentials; the CMS is read without them
why-cms-not-https = { $location } is neither a directory nor an https:// URL; plain http is not accepted for the CMS
why-cms-root-https-only = --cms-root applies to an https:// CMS only
why-cms-root-not-pem = --cms-root { $path } is not a PEM file of certificates: { $detail }
why-cms-root-no-certificate = --cms-root { $path } holds no certificate
why-global-no-cms = global settings are published to the central management store, and this server has none recorded: run step 1 from the CMS directory first
why-global-cms-https = global settings are published to the central management store; this server reads it over HTTPS ({ $location }) and cannot write it. Run this on a server that has the CMS directory
why-partner-unknown = there is no partner application named { $partner }
why-partner-unknown-list = there is no partner application named { $partner }; `deploy-wizard partner list` shows them
why-turn-no-secret = this server has no TURN secret: publish one with `deploy-wizard edge secret-rotate` on the server that writes the CMS, then run step 1 here
why-run-unknown = no run { $run }; `deploy-wizard logs list` shows the runs
why-run-name-empty = give a run's id (or `last`); `deploy-wizard logs list` shows the runs
why-run-ambiguous = { $name } names several runs ({ $runs }); give more of the id
why-cert-not-found = no certificate { $thumbprint } in the store; `deploy-wizard cert list` shows them
why-oauth-key-not-exportable = OAuthTokenIssuer is shared by every Front End through the central management store, so its private key must be exportable; certificate { $thumbprint } was not marked exportable (request it with --exportable)
why-export-key-not-exportable = the private key of { $thumbprint } was not marked exportable, so it is never written into an export
why-time-not-hhmm = { $value } is not a time: write HH:MM, such as 03:17
why-time-hour-not-number = { $value }: the hour is not a number
why-time-minutes-not-number = { $value }: the minutes are not a number
why-time-out-of-range = { $value } is not a time of day (00:00 to 23:59)
why-server-unknown = the topology has no server { $server }; its servers are: { $servers ->
    [none] none
   *[other] { $servers }
}{ $count ->
    [0] {""}
   *[other] {" "}and { $count } more
}
why-machine-not-in-topology = this computer ({ $machine }) is not a server of the topology; its servers are: { $servers ->
    [none] none
   *[other] { $servers }
}{ $count ->
    [0] {""}
   *[other] {" "}and { $count } more
}. Pass --server FQDN to choose one, or publish a topology that names this computer
why-machine-short-name-shared = several servers share this computer's short name { $short }: { $servers }; pass --server FQDN
## A pool's servers that answer, counted (`count`) so that French says 0 and 1 in the singular
said-pool-started-count = Pool { $pool } is started: { $count } of { $total } servers answer (not answering: { $down })
why-pool-no-quorum-count = Pool { $pool } is not started: { $count } of { $total } servers answer, { $needed } are needed; not answering: { $down }. Run step 4 (deploy-wizard services start) on those servers, or check that they are reachable, then start the pool again
said-pool-step4-count = Pool { $pool }: { $count } of { $total } servers answer; a Standard Edition pool or a pool of fewer than three servers is started by step 4 on each server
said-service-unrecorded-ended = { $service }'s own program for this install directory runs with no pid file or record (a step was killed while it started it): ending it (pids { $pids })

## The directory, Prepare Directory and users
dir-operation = { $operation ->
    [bind] bind as
    [read] read
    [search] search
    [add] add
    [add-schema] add a schema to
    [add-entries] add entries under
    [read-rules] read and change the access rules of
    [change-rules] change the access rules of
    [add-members] add members to
    [change-user] change the SIP settings of
   *[change] change
  }
why-dir-not-set = No directory is set for this deployment: run `deploy-wizard directory set --url URL --base-dn DN --bind-dn DN --password-file FILE` on the server that writes the CMS.
why-dir-bad-url = { $url } is not a directory URL: give ldaps://HOST[:PORT], or ldap://HOST[:PORT] (StartTLS is then required).
why-dir-bad-dn = { $dn } is not a distinguished name ({ $detail ->
    [too-long] longer than 1,024 bytes
    [control] a control character
    [quote] a double quote
    [escape] an escape at its end
    [no-equals] a part without =
    [bad-attribute] an attribute name that is not one
   *[empty-value] an empty value
  }): give one such as cn=admin,dc=contoso,dc=com as the { $what ->
    [base-dn] base DN
    [bind-dn] bind DN
   *[identity] identity
  }.
why-dir-bad-password = The bind password file must hold one line of 1 to 1,024 bytes without a double quote or a backslash (the registrars' LDAP configuration cannot hold them).
why-dir-bad-ca = The CA file holds no PEM certificate: give the certificate (PEM) of the CA that signs the directory's certificate.
why-dir-tls-setup = TLS could not be set up for the directory.
why-dir-bind = The directory at { $url } refused to bind as { $account }: the DN or its password is wrong.
why-dir-ldap = The directory refused to { dir-operation } { $target }: LDAP result { $code } ({ $text }).
why-dir-right-missing = The account { $account } lacks the right to { dir-operation } { $target }: give it that right (or bind as an account that has it) and run this again. Nothing was changed.
why-dir-tls = The directory at { $url } did not pass TLS verification ({ $detail }): its certificate must name the host of the URL and be signed by a CA this deployment trusts; give that CA with `deploy-wizard directory set --ca-file FILE`.
why-dir-unreachable = The directory at { $url } could not be reached: { $detail }
why-dir-schema-conflict = The directory's schema already defines some of the deployment's names but not { $missing }: another schema uses them; remove or rename it, then run this again.
why-dir-kind-unsupported = { $step } cannot be run on { $kind } by this version: prepare an OpenLDAP directory (slapd with cn=config).
why-dir-read-back = { $step } reported success, but reading the directory back does not show its changes.
why-dir-not-prepared = The directory is not prepared: run `deploy-wizard directory { $step }` first.
why-dir-identity-needed = Say which user to add with --identity.
why-dir-bad-identity = { $identity } is not a user identity: give an account name (alice), a mail address or a DN of at most 256 characters.
why-dir-no-user = No user { $identity } in the directory under { $base }: `deploy-wizard users list --filter TEXT` finds users.
why-dir-many-users = Several users match { $identity }: give the user's DN.
why-dir-bad-filter = A search text is at most 256 characters, without control characters.
why-dir-bad-sip-address = { $address } is not a SIP address of this deployment ({ $detail ->
    [no-sip] it does not start with sip:
    [no-at] it has no @
    [bad-user] its user part is not letters, digits, . _ - +
   *[bad-domain] its domain is not a SIP domain of the topology
  }): give sip:NAME@DOMAIN with one of its SIP domains ({ $domains }).
why-dir-unknown-pool = { $pool } is not a registrar pool of the topology: give one of { $pools }.
why-dir-sip-taken = { $address } is already the SIP address of { $owner }: give another.
said-dir-connected = Connected to { $url } (TLS verified) and bound as { $account } ({ $kind })
said-dir-published = Published the directory's settings (revision { $revision }); run step 1 on every server
said-dir-step-complete = directory { $step }: complete already, nothing changed
said-dir-added = Added { $what }
said-user-enabled = Enabled { $identity } as { $address }
said-user-disabled = Disabled { $identity } ({ $address })
said-user-unchanged = { $identity }: already so, nothing changed
cli-dir-state-complete = Complete
cli-dir-state-not-run = Not run
cli-dir-state-partial = Incomplete (missing: { $missing })
cli-dir-state-unreadable = Cannot be read with this account
cli-dir-step-schema = Prepare Schema
cli-dir-step-forest = Prepare Current Forest
cli-dir-step-domain = Prepare Current Domain
cli-dir-step-administrators = Add users to the administrators' group
cli-dir-password-what = bind password
cli-dir-password-needed = The bind password is needed: give --password-file FILE (or DEPLOY_WIZARD_DIRECTORY_PASSWORD).
cli-dir-set = The directory { $url } is set (CMS revision { $revision }); run step 1 on every server.
cli-dir-status-head = Directory { $url }, base { $base }
cli-dir-administrator = Administrator: { $member }
cli-dir-step-was-complete = { $step }: complete already, nothing changed.
cli-dir-step-done = { $step }: complete. Added: { $added }
cli-users-enabled = enabled
cli-users-disabled = disabled
cli-users-not-enabled = not enabled
cli-users-enabled-now = { $identity } is enabled.
cli-users-disabled-now = { $identity } is disabled: they can no longer sign in.
cli-users-unchanged = { $identity }: already so, nothing changed.
cli-users-count = { $count ->
    [one] 1 user
   *[other] { $count } users
  }
run-directory-set = Set the directory
run-directory-prepare-schema = Prepare Schema
run-directory-prepare-forest = Prepare Current Forest
run-directory-prepare-domain = Prepare Current Domain
run-directory-add-administrator = Add users to the administrators' group
run-users-enable = Enable a user
run-users-disable = Disable a user
why-user-password-file-exists = { $path } exists: the SIP password is written only to a new file; give another path.
why-user-password-out-needed = A new SIP password is made for { $identity } ({ $address }): give --password-out FILE to receive it.
why-user-password-file = Cannot write the SIP password to { $path }: { $error }
said-user-password-written = The new SIP password is in { $path } (owner-only); hand it to the user
cli-users-password-written = The user's new SIP password is in { $path } (owner-only): hand it to them; the directory keeps only its digest.
why-unmet-directory-ldaps = { $component }: Kamailio's LDAP module connects with LDAPS only, and this deployment's directory is set with an ldap:// URL (StartTLS): set it again with its ldaps:// URL (`deploy-wizard directory set --url ldaps://…`), then run step 1 here.
