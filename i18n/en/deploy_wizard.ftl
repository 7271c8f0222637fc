# deploy-wizard — English
app-title = Deployment Wizard
app-subtitle = Install or Update System
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
gui-run-hint = Run the steps with the command line for now: deploy-wizard store install --from-cms DIR
