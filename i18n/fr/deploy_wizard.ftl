# deploy-wizard — français
app-title = Assistant Déploiement
app-subtitle = Installer ou mettre à jour le système
step-local-store = Étape 1 : Installer le magasin de configurations local
step-components = Étape 2 : Installer ou supprimer des composants
step-certificates = Étape 3 : Demander, installer ou attribuer des certificats
step-services = Étape 4 : Démarrer les services
status-complete = Terminé
status-not-run = Non exécuté
status-failed = Échec
status-partial = Partiel
status-needs-rerun = À réexécuter
status-data-dir = Dossier de données : { $dir }
status-replica = Magasin de configurations local : révision { $revision } pour { $server }
status-no-replica = Pas encore de magasin de configurations local.
status-cms = Magasin central de gestion : { $location }
gui-refresh = Actualiser
gui-run-hint = Pour l'instant, exécutez les étapes en ligne de commande : deploy-wizard store install --from-cms DOSSIER
