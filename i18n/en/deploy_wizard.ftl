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
step2-reboot = A component asks for a restart of this server: restart it to finish.

## Step 4 and Service Status
step4-done = { $count } service(s) started.
service-status = Service Status
service-status-probing = Probing the services…
service-status-none = No component is installed: run step 2 first.
service-running = running (process { $pid })
service-stopped = not running
port-presents-assigned = presents the assigned certificate
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
certificates-intro = The usages this server needs, from its roles. Request, assign and import certificates with deploy-wizard cert.
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
logs-lines = { $count } line(s)
logs-matches = { $count ->
    [one] 1 match
   *[other] { $count } matches
}
logs-save-placeholder = run.html
logs-save = Save
logs-save-html = Save as HTML…
logs-copy-script = Copy as Script
logs-saved = Saved { $path }
logs-save-failed = Cannot save { $path }: { $reason }
logs-copied = Copied { $count } command line(s) to the clipboard.

## Settings
settings-title = Settings
settings-language = Language
settings-data-dir = Data directory
settings-save = Save
settings-saved = Settings saved.
settings-save-failed = Cannot save the settings: { $reason }
