# deploy-wizard — français
app-title = Assistant Déploiement
app-subtitle = Installer ou mettre à jour le système
certificate-wizard = Assistant Certificat
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

## Navigation
nav-home = Accueil
nav-back = Précédent
nav-next = Suivant
nav-cancel = Annuler
nav-finish = Terminer
nav-close = Fermer
browse = Parcourir…
run = Exécuter
run-again = Réexécuter

## Accueil
home-welcome = Bienvenue. Que souhaitez-vous faire ?
home-install-hint = Installer le magasin de configurations local, installer les composants, démarrer les services.
home-certificates-hint = Voir les certificats dont ce serveur a besoin et leur état.
home-logs-hint = Lire les journaux de chaque exécution.
home-settings-hint = Langue, magasin central de gestion, chemin d'installation.

## Premier lancement
first-run-title = Premier lancement
first-run-intro = Indiquez où installer les composants et où se trouve le magasin central de gestion.
first-run-install-path = Chemin d'installation
first-run-install-placeholder = /opt/deploy-wizard
first-run-cms = Magasin central de gestion (dossier ou URL https://)
first-run-continue = Continuer
first-run-lab = Utiliser une topologie de laboratoire pour cet ordinateur
first-run-lab-hint = Publie un serveur Standard Edition au nom de cet ordinateur et une autorité de certification de laboratoire dans un nouveau magasin central de gestion du dossier de données.
first-run-lab-button = Créer la topologie de laboratoire
first-run-absolute-path = Le chemin d'installation doit être absolu, par exemple /opt/deploy-wizard.
lab-created = Magasin central de gestion de laboratoire créé dans { $dir } pour { $server }. Ensuite : exécutez l'étape 1.

## Page Système
step1-description = Copie la topologie et les paramètres globaux du magasin central de gestion dans le réplica local de ce serveur.
step1-prerequisites = Nécessite : le magasin central de gestion (dossier ou URL https), ou un export de configuration (.zip).
step2-description = Installe, met à jour ou supprime les composants dont les rôles de ce serveur ont besoin.
step2-prerequisites = Nécessite : l'étape 1 ; les programmes des composants (nginx pour les services web), des ports et de l'espace disque libres.
step3-description = Demande, installe et affecte les certificats des utilisations de ce serveur.
step3-prerequisites = Nécessite : l'étape 1 ; une autorité de certification (celle du laboratoire, une autorité ACME ou une demande hors connexion).
step4-description = Démarre tous les services des composants installés.
step4-prerequisites = Nécessite : les étapes 2 et 3 : composants installés et leurs certificats affectés.
service-status-optional = État du service (facultatif)

## Étape 1
step1-source-title = Magasin de configurations local
step1-source-intro = D'où lire la configuration ?
step1-from-cms = Récupérer directement à partir du magasin central de gestion
step1-from-file = Importer à partir d'un fichier
step1-from-file-hint = Pour les serveurs qui n'atteignent pas le magasin central de gestion, comme les serveurs Edge : un .zip créé par deploy-wizard cms export.
step1-cms-placeholder = /srv/cms ou https://cms.contoso.com/
step1-file-placeholder = /chemin/vers/export-configuration.zip
step1-done = Magasin de configurations local à la révision { $revision } pour { $server }.
file-kind-export = Export de configuration

## Étape 2
step2-plan-title = Composants
plan-install-path = Chemin d'installation : { $path }
plan-add = À installer
plan-update = À mettre à jour
plan-remove = À supprimer
plan-unchanged = À jour
plan-none = aucun
step2-prerequisites-title = Conditions préalables
prerequisites-satisfied = Toutes les conditions préalables sont remplies.
prerequisites-not-satisfied = Conditions préalables non remplies
prerequisites-fix = Corrigez chaque point ci-dessous, puis vérifiez à nouveau.
check-again = Vérifier à nouveau
step2-reboot = Un composant demande le redémarrage de ce serveur : redémarrez-le pour terminer.

## Étape 4 et état du service
step4-done = { $count } service(s) démarré(s).
service-status = État du service
service-status-probing = Interrogation des services…
service-status-none = Aucun composant n'est installé : exécutez d'abord l'étape 2.
service-running = en cours d'exécution (processus { $pid })
service-stopped = arrêté
port-presents-assigned = présente le certificat affecté
port-presents-other = présente { $presented }, le certificat affecté est { $assigned }

## Exécution de commandes
executing-commands = Exécution de commandes
task-status-running = État de la tâche : en cours…
task-status-completed = État de la tâche : Terminé
task-status-failed = État de la tâche : Échec
task-status-cancelled = État de la tâche : Annulé
run-interrupted = La commande a été interrompue.
executing-no-log = Pas encore de journal
view-log = Afficher le journal
cancel-confirm-title = Arrêter l'étape en cours ?
cancel-confirm-body = L'étape s'arrête après son unité de travail en cours ; ce qui est fait est conservé, et l'étape apparaît en échec jusqu'à ce que vous la réexécutiez.
cancel-confirm-stop = Arrêter l'étape
cancel-confirm-continue = Continuer

## Certificats
certificates-intro = Les utilisations dont ce serveur a besoin, d'après ses rôles. Demandez, affectez et importez des certificats avec deploy-wizard cert.
usage-valid = Affecté
usage-expiring = Expire bientôt
usage-invalid = Non valide
usage-missing = Manquant
scope-global = global
scope-local = local

## Journaux
logs-title = Journaux
logs-none = Aucune exécution pour l'instant.
logs-search = Rechercher
logs-level-all = Tous les niveaux
logs-level-warnings = Avertissements et erreurs
logs-level-errors = Erreurs seulement
logs-jump-error = Aller à la première erreur
logs-no-error = Cette exécution n'a pas d'erreur.
logs-lines = { $count } ligne(s)
logs-matches = { $count ->
    [one] 1 résultat
   *[other] { $count } résultats
}
logs-save-placeholder = execution.html
logs-save = Enregistrer
logs-save-html = Enregistrer en HTML…
logs-copy-script = Copier comme script
logs-saved = { $path } enregistré
logs-save-failed = Impossible d'enregistrer { $path } : { $reason }
logs-copied = { $count } ligne(s) de commande copiée(s) dans le presse-papiers.

## Paramètres
settings-title = Paramètres
settings-language = Langue
settings-data-dir = Dossier de données
settings-save = Enregistrer
settings-saved = Paramètres enregistrés.
settings-save-failed = Impossible d'enregistrer les paramètres : { $reason }
