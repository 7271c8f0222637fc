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
step1-export-password = Mot de passe de l'export (si l'export contient des objets protégés chiffrés)
step1-export-password-placeholder = le mot de passe donné à cms export
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
step2-done = Installés : { $add }. Mis à jour : { $update }. Supprimés : { $remove }. { $written ->
    [0] Aucun fichier écrit.
    [one] Un fichier écrit.
   *[other] { $written } fichiers écrits.
}
step2-reboot = Un composant demande le redémarrage de ce serveur : redémarrez-le pour terminer.

## Étape 4 et état du service
step4-done = { $count ->
    [one] { $count } service démarré.
   *[other] { $count } services démarrés.
}
service-status = État du service
service-status-probing = Interrogation des services…
service-status-none = Aucun composant n'est installé : exécutez d'abord l'étape 2.
service-running = en cours d'exécution (processus { $pid })
service-stopped = arrêté
port-presents-assigned = présente le certificat affecté
port-presents-assigned-admitted = présente le certificat affecté ; le pare-feu l'admet
port-not-admitted = présente le certificat affecté, mais le pare-feu de l'hôte n'admet pas ce port : exécutez l'étape 2
service-healthy = sa vérification de protocole répond
service-unhealthy = sa vérification de protocole échoue (SIP OPTIONS, TURN, XMPP, son magasin ou la page de santé)
service-standby-lag = { $bytes ->
        [0] serveur de secours synchronisé avec son serveur principal
       *[other] serveur de secours en retard de { $bytes } octets sur son serveur principal
    }
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
certificates-intro = Les utilisations dont ce serveur a besoin, d'après ses rôles. Sélectionnez une ou plusieurs lignes, puis Demander ou Affecter.
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
logs-lines = { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}
logs-matches = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
logs-save-placeholder = execution.html
logs-save-html = Enregistrer en HTML
logs-copy-script = Copier comme script
logs-saved = { $path } enregistré
logs-save-failed = Impossible d'enregistrer { $path } : { $reason }
logs-copied = { $count ->
    [one] { $count } ligne de commande copiée dans le presse-papiers.
   *[other] { $count } lignes de commande copiées dans le presse-papiers.
}

## Paramètres
settings-title = Paramètres
settings-language = Langue
settings-data-dir = Dossier de données
settings-install-default = Par défaut : { $path }
settings-save = Enregistrer
settings-saved = Paramètres enregistrés.
settings-save-failed = Impossible d'enregistrer les paramètres : { $reason }

## Assistant Certificat
file-kind-certificate = Certificat
file-kind-pem = Certificats PEM
cw-column-usage = Utilisation
cw-column-status = État
cw-column-friendly-name = Nom convivial
cw-column-expires = Expire le
cw-column-scope = Portée
cw-request = Demander
cw-assign = Affecter
cw-remove = Supprimer
cw-view = Afficher
cw-import = Importer un certificat
cw-export = Exporter
cw-process-pending = Traiter la demande en attente
cw-pending-count = { $count ->
    [one] { $count } demande attend la réponse de son autorité de certification.
   *[other] { $count } demandes attendent la réponse de leur autorité de certification.
}
cw-roll-pending = Bascule programmée :
cw-yes = Oui
cw-no = Non
cw-expires = expire le { $date }
cw-flow-request = Demande de certificat
cw-flow-assign = Affectation de certificat
cw-flow-import = Importer un certificat
cw-flow-export = Exporter un certificat
cw-flow-pending = Traiter la demande en attente
cw-flow-remove = Supprimer l'affectation de certificat
cw-request-for = Pour : { $usages }
cw-mode-title = Demandes différées ou immédiates
cw-mode-intro = Choisissez quand la demande est envoyée.
cw-mode-immediate = Envoyer la demande immédiatement à une autorité de certification en ligne
cw-mode-immediate-detail = L'autorité de laboratoire de la topologie, ou toute autorité ACME, délivre le certificat maintenant.
cw-mode-delayed = Préparer la demande maintenant, mais l'envoyer plus tard
cw-mode-delayed-detail = Un fichier de demande PKCS#10 est écrit ; sa clé attend ici que vous traitiez la réponse de l'autorité.
cw-request-file-title = Fichier de demande de certificat
cw-request-file-intro = Où écrire le fichier de demande que vous enverrez à votre autorité de certification.
cw-request-file-label = Fichier de demande
cw-ca-title = Choisir une autorité de certification
cw-ca-detected = Sélectionner une autorité de certification dans la liste détectée dans votre environnement
cw-ca-lab-detail = Autorité de laboratoire { $root } ; certificats valides { $days } jours
cw-ca-cannot-issue = { $name } est détectée, mais sa clé n'est pas répliquée sur ce serveur : elle ne peut pas délivrer ici.
cw-ca-none-detected = Aucune autorité n'est publiée dans le magasin central de gestion.
cw-ca-other = Spécifier une autre autorité de certification
cw-ca-other-detail = Tout annuaire ACME (step-ca, Vault, EJBCA, Let's Encrypt…).
cw-acme-url-label = URL de l'annuaire ACME
cw-acme-root-label = Certificats racines du HTTPS de l'annuaire (PEM, facultatif)
cw-http01-label = Adresse d'écoute du répondeur http-01
cw-bad-http01 = { $value } n'est pas une adresse comme 0.0.0.0:80.
cw-need-ca = Choisissez une autorité de certification.
cw-need-acme-url = Donnez l'URL de l'annuaire ACME.
cw-need-request-file = Donnez le fichier où écrire la demande.
cw-account-title = Compte d'autorité de certification
cw-account-intro = Si l'autorité exige une liaison de compte externe, donnez l'identifiant de clé et la clé HMAC qu'elle vous a remis (facultatif).
cw-account-lab = L'autorité de laboratoire n'a pas besoin de compte. Cliquez sur Suivant.
cw-eab-kid-label = Identifiant de clé
cw-eab-hmac-label = Clé HMAC
cw-need-both-eab = Donnez l'identifiant de clé et la clé HMAC, ou aucun des deux.
cw-eab-summary = compte externe { $kid }
cw-template-title = Spécifier un autre modèle de certificat
cw-template-intro = Le modèle de certificat à partir duquel l'autorité délivre.
cw-template-label = Modèle
cw-bad-template = Le modèle doit compter de 1 à 64 caractères imprimables.
cw-name-title = Nom et paramètres de sécurité
cw-friendly-name-label = Nom convivial
cw-friendly-name-placeholder = généré à partir des utilisations, du sujet et de la date
cw-bad-friendly-name = Le nom convivial doit compter au plus 64 caractères imprimables.
cw-key-label = Longueur en bits et type de clé
cw-hash-label = Hachage de signature
cw-exportable = Marquer la clé privée du certificat comme exportable
cw-org-title = Informations relatives à l'entreprise
cw-org-intro = Facultatif : l'entreprise et le service écrits dans le sujet.
cw-org-label = Entreprise
cw-ou-label = Service
cw-geo-title = Informations géographiques
cw-geo-intro = Facultatif : pays (deux lettres), département ou région, ville.
cw-country-label = Pays/Région (code à deux lettres)
cw-state-label = Département/Région
cw-city-label = Ville/Localité
cw-subject-title = Nom du sujet / Autres noms du sujet
cw-subject-intro = Calculés à partir de la topologie pour les utilisations demandées (lecture seule).
cw-subject-name = Nom du sujet :
cw-sans-label = Autres noms du sujet :
cw-sip-title = Paramètre du domaine SIP sur les autres noms du sujet
cw-sip-intro = Ajouter les noms sip.<domaine> pour ces domaines SIP.
cw-sip-default = { $domain } (par défaut)
cw-need-sip-domain = Cochez au moins un domaine SIP.
cw-sans-title = Configurer d'autres noms du sujet supplémentaires
cw-sans-intro = Les noms ajoutés ici sont demandés en plus de ceux qu'exige la topologie.
cw-add = Ajouter
cw-clear-all = Tout effacer
cw-sans-none = Aucun nom supplémentaire.
cw-usage-problem = { $usage } : { $problem }
cw-san-duplicate = { $name } est déjà dans la liste.
cw-summary-title = Résumé de la demande de certificat
cw-summary-intro = Cliquez sur le nom d'une page pour la modifier ; Suivant revient ici.
cw-summary-friendly-name = Nom convivial : { $name }
cw-summary-key = Clé : { $key }, signature { $hash }
cw-summary-exportable = Clé privée exportable : { $value }
cw-summary-subject = Sujet : { $subject }
cw-issued-notice = Certificat { $thumbprint } délivré et enregistré.
cw-written-notice = Demande écrite dans { $file } (demande en attente { $id }).
cw-status-title = État de la demande de certificat en ligne
cw-status-issued = Le certificat a été délivré et installé.
cw-status-certificate = { $name }, valide jusqu'au { $date }
cw-status-written = Le fichier de demande a été écrit.
cw-status-written-next = Envoyez-le à votre autorité, puis utilisez Traiter la demande en attente avec sa réponse.
cw-details-title = Afficher les détails du certificat
cw-assign-after = Affecter ce certificat à ses utilisations
cw-assign-title = Affectation de certificat
cw-assign-intro = Les utilisations auxquelles affecter le certificat.
cw-need-usage = Cochez au moins une utilisation.
cw-store-title = Magasin de certificats
cw-store-intro = Les certificats qui passent toutes les vérifications de { $usages } peuvent être choisis ; les autres disent pourquoi.
cw-store-empty = Le magasin ne contient aucun certificat.
cw-need-certificate = Choisissez un certificat.
cw-assign-summary-title = Résumé de l'affectation de certificat
cw-assign-summary-usages = Utilisations : { $usages }
cw-assign-summary-certificate = Certificat : { $name } ({ $thumbprint })
cw-roll = Bascule : le rendre actuel à une date (l'actuel devient le précédent)
cw-effective-label = Date d'effet (UTC, ou avec un décalage)
cw-assigned-notice = Affecté à { $usages }.
cw-import-title = Importer un certificat
cw-import-intro = Un fichier .pfx, .p12, .cer, .crt, .pem ou .p7b.
cw-import-file-label = Fichier de certificat
cw-import-has-key = Le fichier contient la clé privée
cw-password-label = Mot de passe
cw-import-trust = Faire confiance au certificat racine qu'il contient
cw-need-import-file = Donnez le fichier de certificat à importer.
cw-imported-notice = Désormais dans le magasin : { $names }.
cw-export-title = Exporter un certificat
cw-export-intro = Le certificat à exporter avec sa clé privée (seules les clés exportables peuvent l'être) :
cw-export-file-label = Fichier PFX à écrire
cw-password-again-label = Mot de passe (confirmation)
cw-legacy = Chiffrement hérité (3DES, MAC SHA-1) pour les systèmes qui ne lisent pas les PFX AES-256
cw-not-exportable = Sa clé privée n'est pas exportable.
cw-need-export-file = Donnez le fichier PFX à écrire.
cw-need-password = Donnez un mot de passe.
cw-passwords-differ = Les deux mots de passe diffèrent.
cw-exported-notice = Exporté vers { $file }.
cw-pending-title = Traiter la demande en attente
cw-pending-intro = Choisissez la demande en attente et donnez le certificat que votre autorité a renvoyé pour elle.
cw-pending-none = Aucune demande n'est en attente.
cw-response-label = Fichier de réponse de l'autorité (.cer, .crt, .pem, .p7b)
cw-need-pending = Choisissez une demande en attente.
cw-need-response = Donnez le fichier de réponse de l'autorité.
cw-remove-title = Supprimer l'affectation de certificat
cw-remove-intro = Ces utilisations n'auront plus de certificat affecté (les certificats restent dans le magasin) :
cw-detail-friendly-name = Nom convivial
cw-detail-subject = Sujet
cw-detail-sans = Autres noms du sujet
cw-detail-issuer = Émetteur
cw-detail-serial = Numéro de série
cw-detail-valid-from = Valide à partir du
cw-detail-valid-to = Valide jusqu'au
cw-detail-key = Clé
cw-detail-signature = Algorithme de signature
cw-detail-thumbprint = Empreinte numérique (SHA-1)
cw-detail-sha256 = SHA-256
cw-detail-key-usages = Utilisations de la clé
cw-detail-eku = Utilisations améliorées de la clé
cw-detail-private-key = Clé privée dans le magasin
cw-detail-exportable = Exportable
cw-detail-origin = Origine
cw-detail-assigned = Affecté à
cw-detail-chain = Chemin d'accès de certification

## Authentification de serveur à serveur
home-s2s-hint = Le certificat OAuthTokenIssuer, l'URL de découverte automatique Exchange, les applications partenaires.
s2s-title = Authentification de serveur à serveur
s2s-intro = Ce qui permet aux serveurs partenaires (un serveur Exchange, un autre pool) de faire confiance à ce déploiement, et à ce déploiement de leur faire confiance. Les paramètres sont globaux : publiés dans le magasin central de gestion.
s2s-realm = Domaine (émetteur) : { $realm }
s2s-current = Certificat actuel : { $thumbprint }
s2s-previous = Certificat précédent (toujours publié) : { $thumbprint }
s2s-pending-roll = Bascule vers { $thumbprint } le { $date }
s2s-use-default = Utiliser le certificat par défaut
s2s-import-pfx = Importer un PFX
s2s-import-intro = Un fichier PFX avec la clé privée ; il est affecté à OAuthTokenIssuer pour tous les serveurs frontaux.
s2s-roll = Basculer à une date
s2s-roll-intro = Jusqu'à la date, le certificat actuel le reste ; ensuite le nouveau devient actuel et l'ancien précédent. Les deux sont publiés dans le document de métadonnées.
s2s-roll-none = Aucun autre certificat du magasin ne peut servir OAuthTokenIssuer : importez-en ou demandez-en un d'abord.
s2s-rolled = Bascule vers { $thumbprint } programmée.
s2s-autodiscover = URL de découverte automatique Exchange
s2s-url-current = Définie pour tous les serveurs : { $url }
s2s-url-none = Non définie.
s2s-url-xml = C'est le fichier autodiscover.xml ; donnez le point de terminaison du service de découverte automatique, qui se termine par autodiscover.svc.
s2s-url-not-https = L'URL doit commencer par https://.
s2s-url-saved = URL de découverte automatique Exchange définie : { $url }.
s2s-partners = Applications partenaires
s2s-no-partner = Aucune application partenaire.
s2s-test = Tester
s2s-test-partner = Tester l'application partenaire
s2s-test-passed = Les { $count } vérifications ont réussi.
s2s-add-partner = Ajouter une application partenaire
s2s-remove-partner = Supprimer l'application partenaire
s2s-partner-added = { $count ->
    [one] Application partenaire { $name } ajoutée (émetteur { $issuer }, { $count } certificat).
   *[other] Application partenaire { $name } ajoutée (émetteur { $issuer }, { $count } certificats).
}
s2s-partner-removed = Application partenaire { $name } supprimée.
s2s-identity-label = Nom
s2s-metadata-label = URL du document de métadonnées
s2s-need-metadata-url = Donnez l'URL du document de métadonnées du partenaire.
s2s-trust-label = Niveau de confiance
s2s-trust-full = Totale
s2s-trust-partial = Partielle
s2s-own-metadata = Document de métadonnées de ce déploiement : { $url }
s2s-own-metadata-none = Ce serveur n'a pas de services web : il ne publie pas de document de métadonnées.
s2s-submit = OK

## Liste de contrôle du déploiement de Conversation permanente
home-pc-hint = Les cinq tâches de déploiement, les rôles que chacune exige et où en est chacune.
pc-title = Liste de contrôle du déploiement de Conversation permanente
pc-intro = L'état de chaque tâche est lu sur le système réel : les programmes de ce serveur, la topologie publiée, les étapes 1 à 4 et les services d'ici, les administrateurs et la stratégie du magasin de configurations local.
pc-task-prerequisites = Installer le matériel et les logiciels requis
pc-task-topology = Créer la topologie avec un pool de Conversation permanente
pc-task-deploy = Déployer le serveur de Conversation permanente sur chaque serveur de Conversation permanente
pc-task-administrator = Créer un administrateur de Conversation permanente
pc-task-configure = Configurer les utilisateurs (stratégie) et les paramètres
pc-roles = Nécessite : { $roles }
pc-roles-local-admin = un membre du groupe local Administrateurs
pc-roles-topology = pour définir : un membre du groupe local Utilisateurs ; pour publier : Admins du domaine et RTCUniversalServerAdmins, avec le contrôle total du magasin de fichiers
pc-roles-domain-admin = un membre du groupe Admins du domaine (ici : quiconque écrit dans le magasin central de gestion)
pc-roles-configure = CsPersistentChatAdministrator ; au moins CsUserAdministrator pour modifier la stratégie
pc-done = Terminé
pc-partial = En partie
pc-not-done = Non fait
pc-why-check-on = Vérifiez sur chaque serveur de Conversation permanente ({ $servers }) avec la vérification des conditions préalables de l'étape 2.
pc-why-no-pool = La topologie publiée n'a pas de pool de Conversation permanente : ajoutez-en un associé à un pool frontal, puis publiez-la.
pc-why-pools = Pools de Conversation permanente : { $pools }.
pc-pool-collocated = { $pool } (associé à { $associated } ; magasin colocalisé, base { $database })
pc-pool-remote = { $pool } (associé à { $associated } ; magasin { $server }:{ $port }, base { $database })
pc-why-no-server = Aucun serveur de Conversation permanente dans la topologie pour l'instant : ajoutez un pool de Conversation permanente avec ses serveurs (tâche 2), puis exécutez l'étape 2 sur chacun d'eux.
pc-why-deployed-here = Les étapes 1 à 4 sont terminées sur { $server } et ses services de Conversation permanente fonctionnent.
pc-why-deployed-others-remain = Les étapes 1 à 4 sont terminées sur { $server } et ses services fonctionnent ; exécutez l'Assistant Déploiement sur { $others }.
pc-why-run-steps-here = Exécutez les étapes 1 à 4 sur { $server } (autres serveurs de Conversation permanente : { $others }).
pc-why-run-wizard-on = Exécutez l'Assistant Déploiement sur { $servers }.
pc-why-programs-installed = Tous les programmes nécessaires à Conversation permanente sont installés sur { $server }.
pc-why-programs-missing = Installez sur { $server } les paquets { $packages } (Installer les programmes manquants).
pc-why-services-down = Sur { $server }, arrêtés ou en mauvais état : { $services }. Exécutez l'étape 4, puis consultez l'état des services.
pc-why-administrators = Administrateurs de Conversation permanente : { $admins }.
pc-why-no-administrator = Aucun administrateur de Conversation permanente pour l'instant : ajoutez-en un.
pc-why-enabled-at = La stratégie active Conversation permanente pour { $scopes }.
pc-why-nobody-enabled = Conversation permanente est désactivée par défaut et aucune stratégie ne l'active : activez-la dans l'étendue globale, de site, de pool ou d'utilisateur.
pc-action-install-programs = Installer les programmes manquants
pc-action-deploy = Ouvrir l'Assistant Déploiement
pc-action-add-administrator = Ajouter un administrateur
pc-action-enable-users = Activer des utilisateurs
pc-user = Utilisateur (URI SIP)
pc-scope = Étendue (global, site:NOM, pool:FQDN ou user:URISIP)
pc-enabled = Activée
pc-apply = Appliquer
pc-applied = Le service de Conversation permanente de ce serveur a pris en compte la modification.
pc-form-policy = Définir la stratégie
pc-form-account = Ajouter un compte de laboratoire
pc-password = Mot de passe
pc-password-note = Seul un vérificateur du mot de passe est conservé (dans le magasin central de gestion) ; le mot de passe lui-même n'est jamais enregistré ni journalisé. L'annuaire est hors de portée : ce sont des comptes de laboratoire.
cw-store-more = { $count ->
    [one] { $count } autre certificat n'est pas listé ({ $passing } passent toutes les vérifications) ; les plus récents sont listés en premier.
   *[other] { $count } autres certificats ne sont pas listés ({ $passing } passent toutes les vérifications) ; les plus récents sont listés en premier.
}
cw-store-checking = Vérification des certificats du magasin…

## Vérifications des certificats
check-trusted-chain = Chaîne approuvée
check-private-key = Clé privée
check-validity = Validité
check-server-auth = Authentification du serveur
check-key-strength = Robustesse de la clé
check-subject = Sujet
check-names = Noms
check-exportable = Clé exportable

## The core's request rules (cert::request::RequestProblem), worded for the CLI and the window
req-org-field = { $field ->
    [organization] L'organisation
    [unit] L'unité d'organisation
    [city] La ville
   *[state] L'État ou la province
} doit compter de 1 à 64 caractères imprimables.
req-country = Le pays doit être un code de deux lettres comme FR ou US, pas « { $value } ».
req-oauth-not-exportable = OAuthTokenIssuer est partagé par tous les serveurs frontaux via le magasin central de gestion sous forme de PFX : sa clé privée doit être exportable.
url-not-url = « { $url } » n'est pas une URL ; un annuaire ACME ressemble à https://ca.example.com/directory.
url-no-host = { $url } ne nomme aucun hôte.
status-cms-checking = interrogation du magasin central de gestion…
checking = Vérification…

## Reasons the core gives as data (log::Reason), worded here
why-chain-missing-issuer = { check-trusted-chain } — émis par { $issuer }, dont le certificat n'est ni dans le magasin ni une racine approuvée : s'il s'agit d'une autorité intermédiaire, importez le certificat avec toute sa chaîne (un fichier .p7b, ou un fichier PEM contenant les intermédiaires) ; s'il s'agit d'une autorité racine, importez-la et approuvez-la.
why-chain-untrusted = { check-trusted-chain } — émis par { $issuer }, qui ne remonte pas à une racine approuvée (l'autorité de laboratoire du magasin central de gestion, les racines du système ou une racine importée) : importez et approuvez la racine qui a émis la chaîne.
why-chain-v1 = { check-trusted-chain } — c'est un certificat X.509 version 1, sans extensions (ni autres noms, ni usages de clé) ; les serveurs exigent la version 3 : faites-le émettre à nouveau par une autorité.
why-chain-signature = { check-trusted-chain } — une signature de la chaîne ne correspond pas à la clé de son émetteur : la chaîne a été assemblée avec de mauvais certificats ; importez la chaîne livrée par l'autorité.
why-chain-algorithm = { check-trusted-chain } — un certificat de la chaîne est signé avec un algorithme que les clients TLS refusent (comme SHA-1 ou MD5) : faites-le émettre à nouveau avec SHA-256 ou plus fort.
why-chain-ca = { check-trusted-chain } — c'est un certificat d'autorité, pas un certificat de serveur : attribuez le certificat que l'autorité a émis pour ce serveur.
why-chain-der = { check-trusted-chain } — l'encodage du certificat est endommagé : importez-le à nouveau depuis le fichier d'origine de l'autorité.
why-chain-long = { check-trusted-chain } — la chaîne est plus longue que ce qu'acceptent les clients TLS : importez la chaîne livrée par l'autorité.
why-chain-constraints = { check-trusted-chain } — une autorité de la chaîne n'a pas le droit d'émettre ce certificat (ses contraintes de longueur ou de noms l'interdisent) : demandez-le à une autorité autorisée pour ces noms.
why-chain-other = { check-trusted-chain } — la chaîne ne se vérifie pas ({ $detail }) : importez la chaîne livrée par l'autorité.
why-key-mismatch = { check-private-key } — la clé privée du magasin ne correspond pas au certificat.
why-key-missing = { check-private-key } — aucune clé privée de ce certificat n'est dans le magasin : importez-le avec sa clé (un fichier PFX) ou terminez sa demande en attente.
why-assigned-not-in-store = { check-private-key } — le certificat { $thumbprint } est attribué mais absent du magasin de ce serveur.
why-expired = { check-validity } — expiré le { $date }.
why-not-yet-valid = { check-validity } — pas valide avant le { $date }.
why-no-server-auth = { check-server-auth } — le certificat ne porte pas l'usage étendu serverAuth.
why-oauth-not-rsa = { check-key-strength } — OAuthTokenIssuer exige une clé RSA ; celle-ci est { $kind }.
why-oauth-weak = { check-key-strength } — la clé a { $bits } bits ; OAuthTokenIssuer en exige au moins 2048.
why-oauth-subject = { check-subject } — le sujet ({ $subject }) n'est pas le domaine SIP par défaut { $domain }, qui doit être son nom de sujet ou l'un de ses autres noms.
why-names-missing = { check-names } — { $count ->
    [one] nom requis manquant
   *[other] noms requis manquants
} : { $names }.
why-not-exportable = { check-exportable } — { $usage } est partagé par tous les serveurs frontaux via le magasin central de gestion : sa clé privée doit être exportable.
why-checks-failed = Le certificat { $thumbprint } ne peut pas être attribué à { $usage } :
why-in-file = { $file } :
why-pfx-wrong-password = Le mot de passe de ce fichier PFX est incorrect (son contrôle d'intégrité a échoué).
why-pfx-password-needed = C'est un fichier PFX : donnez son mot de passe.
why-export-password-needed = { $path } contient des objets protégés chiffrés avec le mot de passe de l'export : donnez ce mot de passe.
why-export-password-wrong = Le mot de passe de l'export est incorrect pour { $path } : donnez celui utilisé lors de l'export.
why-certificates-missing = { $component } a besoin de ses certificats avant de démarrer : attribuez { $usages } (étape 3), puis exécutez à nouveau l'étape 2.
why-port-busy = { $service } ne peut pas démarrer : le port TCP { $port } est déjà utilisé par { $holder }. Arrêtez ce programme, ou donnez un autre port au service dans la topologie.
why-bad-host = { $url } : { $detail }
cli-hint-pfx-password = Donnez-le avec --password-file F ou DEPLOY_WIZARD_PFX_PASSWORD.
cli-hint-export-password = Donnez-le avec --password-file F ou DEPLOY_WIZARD_EXPORT_PASSWORD.
why-partner-checks-failed = { $count ->
    [one] Une vérification de l'application partenaire a échoué :
   *[other] { $count } vérifications de l'application partenaire ont échoué :
}
why-partner-unreachable = Métadonnées accessibles — { $detail }. Cause habituelle : les services web du partenaire sont arrêtés, l'URL est fausse, ou un pare-feu bloque l'accès.
why-partner-tls = Chaîne TLS — { $detail }. Cause habituelle : le certificat web du partenaire vient d'une autorité que ce serveur n'approuve pas : importez sa racine et approuvez-la.
why-partner-expired = Certificats de signature — { $detail }. Cause habituelle : le certificat OAuthTokenIssuer du partenaire a expiré : le partenaire doit en mettre un nouveau en place.
why-partner-not-metadata = Document de métadonnées — { $detail }. Cause habituelle : l'URL ne désigne pas un document de métadonnées (…/metadata/json/1).
why-partner-issuer = Émetteur — { $detail }. Cause habituelle : le partenaire a changé de domaine (domaine SIP par défaut) : supprimez le partenaire et ajoutez-le à nouveau.
why-cancelled = Annulé par l'administrateur ; rien n'a été enregistré.
why-prerequisites = Prérequis non satisfaits :
why-unmet-program = { $component } : le programme { $program } n'est pas installé (introuvable dans le PATH)
why-unmet-program-package = { $component } : le programme { $program } n'est pas installé (introuvable dans le PATH) ; installez le paquet { $package }
why-unmet-file = { $component } : { $path } est introuvable ; installez le paquet { $package }
why-unmet-resolves = { $component } : le nom { $name } ne se résout pas ; ajoutez-le au DNS (ou au fichier hosts)
why-unmet-turn-secret = { $component } : le magasin central de gestion n'a pas encore de secret TURN : publiez-en un avec `deploy-wizard edge secret-rotate`, puis exécutez l'étape 1 ici
why-unmet-chat-store-secret = { $component } : le magasin central de gestion n'a pas de secret pour le magasin de conversation permanente : publiez à nouveau la topologie sur le serveur du magasin central (il en ajoute un), puis exécutez l'étape 1 ici
why-unmet-cms-served = { $component } : ce serveur héberge le magasin central de gestion mais ne le sert pas encore : exécutez `deploy-wizard cms serve --cms DOSSIER --password-file F` sur le dossier du magasin central, puis l'étape 1 ici depuis ce dossier
why-unmet-chat-store = { $component } : le magasin de conversation permanente { $server }:{ $port } est injoignable : { $detail } ; vérifiez le serveur et le port du magasin dans la topologie, et que PostgreSQL y écoute
why-unmet-service-user = { $component } : ses services refusent de s'exécuter en tant que root, et l'utilisateur { $user } n'existe pas ou ne peut pas atteindre le chemin d'installation { $path } ; installez son paquet, ou choisissez avec --install-path un chemin que tout utilisateur peut traverser (comme /srv/deploy-wizard)
why-unmet-port-number = { $component } : le port { $port } n'est pas un numéro de port
why-unmet-port-held = { $component } : le port TCP { $port } est déjà utilisé par { $holder }
why-unmet-port-busy = { $component } : le port TCP { $port } est déjà utilisé
why-unmet-install-path = { $component } : le chemin d'installation { $path } n'est pas accessible en écriture : { $detail }
why-unmet-disk = { $component } : { $needed } Mio d'espace libre sont nécessaires sur { $path }, { $free } Mio sont libres
why-unmet-disk-unknown = { $component } : impossible de lire l'espace libre de { $path } : { $detail }
why-step-failed = la dernière exécution a échoué ; voir son journal
why-step-failed-replica = la dernière exécution a échoué ; le magasin de configurations local conserve la révision { $revision }
why-step-cms-newer = le magasin central de gestion est à la révision { $cms } ; ce serveur a la révision { $here }
why-step-cms-unreachable = impossible d'interroger le magasin central de gestion : { $detail }
why-step-replica-changed = le magasin de configurations local est passé à la révision { $revision } depuis la dernière exécution de cette étape
why-step-services-down = arrêtés : { $services } ; exécutez l'étape 4 pour les démarrer
why-step-warnings = la dernière exécution s'est terminée avec des avertissements ; voir son journal
why-step-expiring = expirent dans les 30 jours : { $usages }
why-step-no-certificate = aucun certificat valide pour : { $usages }
why-step-renewal-failed = échec du renouvellement pour { $usages } ; les certificats en service servent toujours :
why-usage-renewal-failed = { $usage } (en service jusqu'au { $date }) :
why-step-problems = plusieurs points demandent attention :
why-step4-blocked = { $count ->
    [one] Exécutez d'abord l'étape { $steps } : l'étape 4 démarre ce que l'étape 2 installe, avec les certificats de l'étape 3.
   *[other] Exécutez d'abord les étapes { $steps } : l'étape 4 démarre ce que l'étape 2 installe, avec les certificats de l'étape 3.
}
cw-summary-usages = Pour : { $usages }

## Run titles, by the kind in the run's id
run-store-install = { step-local-store }
run-components-setup = { step-components }
run-services-start = { step-services }
run-components-remove = Supprimer les composants
run-services-stop = Arrêter les services
run-cms-init = Utiliser une topologie de laboratoire pour cet ordinateur
run-cert-request = Demande de certificat
run-cert-import = Importer un certificat
run-cert-export = Exporter un certificat
run-cert-pending-complete = Traiter la demande en attente
run-cert-assign = Affectation de certificat
run-cert-remove = Supprimer l'affectation de certificat
run-ca-create = Créer une autorité de certification de laboratoire
run-oauth-set = Définir la configuration OAuth
run-partner-new = Nouvelle application partenaire
run-partner-remove = Supprimer l'application partenaire
run-partner-test = Tester l'application partenaire
run-choice = { $title } — { $time }
assigned-current = { $usage } (actuel)
assigned-previous = { $usage } (précédent)
assigned-from = { $usage } (à partir du { $date })
dialog-none = Aucun fichier choisi : là où aucune boîte de dialogue ne peut s'ouvrir (un serveur, une session à distance), tapez le chemin dans le champ.
logs-copy-line = Copier
logs-line-copied = La ligne a été copiée dans le presse-papiers.
service-orphans = arrêté, mais des processus du service tournent encore et tiennent ses ports (pid { $pids }) : exécutez l'étape 4 pour les arrêter
service-stale = arrêté (son fichier pid désignait le processus { $pid }, un autre programme)
port-held-by = répond : { $holder }, pas le service

## Noms DNS
name-empty = Le nom est vide.
name-white-space = « { $name } » contient un espace.
name-wildcard-not-allowed = « { $name } » est un nom générique ; un caractère générique n'est pas permis ici.
name-misplaced-wildcard = « { $name } » contient un « * » qui n'est pas toute l'étiquette la plus à gauche.
name-invalid-idn = « { $name } » n'est pas un nom de domaine internationalisé valide.
name-not-qualified = « { $name } » n'est pas un nom complet : il lui faut une partie domaine, par exemple { $example }.
name-empty-label = « { $name } » a une étiquette vide (deux points de suite).
name-long-label = « { $name } » a une étiquette de plus de 63 caractères.
name-bad-character = « { $name } » contient « { $character } » ; seuls les lettres, les chiffres et « - » sont permis.
name-hyphen-at-edge = « { $name } » a une étiquette qui commence ou finit par « - ».
name-looks-like-ip = « { $name } » ressemble à une adresse IP, pas à un nom DNS.
name-too-long = « { $name } » dépasse 253 caractères.

## Ce qu'a fait chaque commande (ses lignes de sortie), formulé à partir des données du noyau
said-setup-plan = Chemin d'installation { $path } ; à ajouter : { $add ->
    [none] aucun
   *[other] { $add }
  } ; à mettre à jour : { $update ->
    [none] aucun
   *[other] { $update }
  } ; à supprimer : { $remove ->
    [none] aucun
   *[other] { $remove }
  } ; inchangés : { $unchanged ->
    [none] aucun
   *[other] { $unchanged }
  }
said-component-wrote = { $component } : { $file } écrit
said-component-removed-stale = { $component } : { $file } supprimé, la topologie ne le demande plus
said-component-removed = { $component } : { $count ->
    [0] aucun fichier supprimé
    [one] un fichier supprimé
   *[other] { $count } fichiers supprimés
  }
said-reboot-required = Un composant demande de redémarrer ce serveur avant que ses services démarrent
said-port-presents = Le port { $port } présente { $thumbprint } ({ $usage })
said-service-reloaded = { $service } a rechargé sa configuration et ses certificats
said-service-slow-stop = { $service } ne s'est pas arrêté en 10 s ; fin de ses processus { $pids }
said-service-stopped = { $service } arrêté
said-pid-file-restored = Le fichier pid { $file } ne désignait plus { $service } (pid { $pid }) ; il a été rétabli avant la commande qui le lit
said-pid-file-stale = Le fichier pid { $file } désigne le processus { $pid }, qui n'est pas { $service } : fichier pid périmé, supprimé ; le processus { $pid } n'a pas été touché
said-service-orphans = { $service } est arrêté mais certains de ses processus tournent encore et occupent ses ports (pid { $pids }) ; ils sont arrêtés
said-service-already-running = { $service } est déjà démarré
said-systemd-unit = Unité systemd { $unit }
said-service-running = { $service } est démarré (pid { $pid })
said-pchat-policy-set = Stratégie de conversation permanente pour { $scope } : { $enabled ->
        [true] activée
       *[false] désactivée
    } (révision { $revision })
said-pchat-admin-added = { $user } est maintenant administrateur de la conversation permanente (révision { $revision })
said-pchat-admin-removed = { $user } n'est plus administrateur de la conversation permanente (révision { $revision })
said-pchat-user-added = Compte de conversation permanente { $user } enregistré ; seul son vérificateur est conservé (révision { $revision })
said-pchat-user-removed = Compte de conversation permanente { $user } supprimé (révision { $revision })
said-service-initialised = { $service } : ses données sont créées (premier démarrage)
said-service-provisioned = { $service } : ses rôles et bases de données sont en place
said-systemd-unit-removed = { $service } : unité systemd { $unit } supprimée
said-service-not-running = { $service } n'est pas démarré
said-request = Demande pour { $usages } : sujet CN={ $subject }, { $count ->
    [0] aucun nom
    [one] un nom
   *[other] { $count } noms
  } : { $names } ; clé { $key }
said-offline-request-written = Demande de certificat écrite dans { $file } ; la clé attend en tant que demande en attente { $pending }
said-lab-issued = L'autorité de certification de laboratoire { $ca } a émis le certificat
said-certificate-stored = Certificat { $thumbprint } (« { $name } ») enregistré, valide jusqu'au { $until }
said-checks-passed = { $thumbprint } satisfait toutes les vérifications de { $usage }
said-assignment = { $usage } : actuel { $current ->
    [none] aucun
   *[other] { $current }
  }, précédent { $previous ->
    [none] aucun
   *[other] { $previous }
  }
said-assignment-roll = { $usage } : { $pending } devient actuel le { $effective } ; { $current ->
    [none] aucun certificat
   *[other] { $current }
  } reste actuel jusque-là
said-global-published = Affectation globale OAuthTokenIssuer publiée dans { $cms } (révision { $revision })
said-global-unassigned = Affectation globale { $usage } retirée du magasin central de gestion
said-unassigned = { $usage } n'utilise plus { $thumbprint ->
    [none] aucun certificat
   *[other] { $thumbprint }
  }
said-was-unassigned = { $usage } n'avait aucun certificat affecté
said-file-holds = { $file } contient { $count ->
    [0] aucun certificat
    [one] un certificat
   *[other] { $count } certificats
  }
said-file-holds-with-key = { $file } contient { $count ->
    [0] aucun certificat
    [one] un certificat
   *[other] { $count } certificats
  } et une clé privée
said-imported-with-key = { $thumbprint } ({ $subject }) enregistré avec sa clé privée
said-imported-without-key = { $thumbprint } ({ $subject }) enregistré sans clé privée
said-root-trusted = Racine de confiance ajoutée : { $thumbprint } ({ $subject })
said-exported = { $thumbprint } exporté avec sa clé privée dans { $file } ({ $protection })
said-response-matches = La réponse correspond à la demande en attente { $pending } ({ $subject })
said-response-stored = Certificat { $thumbprint } enregistré avec sa clé privée
said-lab-ca-published = Autorité de certification de laboratoire { $ca } publiée dans { $cms } (révision { $revision }) ; les serveurs la voient après l'étape 1
said-acme-account-kept = Utilisation du compte ACME conservé dans { $file }
said-acme-account-created = Création d'un compte ACME sur { $directory }
said-acme-account-created-eab = Création d'un compte ACME sur { $directory } avec liaison de compte externe
said-acme-account-forgotten = L'autorité de certification ne connaît plus le compte ACME conservé ; création d'un nouveau compte
said-acme-listening = Écoute sur { $listen } pour la validation http-01 de l'autorité de certification
said-acme-webroot = Les services web occupent { $listen } : la validation http-01 de l'autorité de certification passe par eux, depuis { $dir }
said-acme-order = Commande créée pour { $names }
said-acme-challenge = Réponse au défi http-01 pour { $name } sur { $listen }
said-acme-waiting = Attente de la validation de la commande par l'autorité de certification
said-acme-validated = L'autorité de certification a validé la commande ; envoi de la demande de certificat
said-acme-downloading = Téléchargement du certificat
said-acme-issued = Certificat émis
said-cms-reading = Lecture du magasin central de gestion { $cms }
said-cms-revision = Révision { $revision } publiée le { $published } ; { $count ->
    [0] aucun document
    [one] un document
   *[other] { $count } documents
  }
said-document-verified = { $document } vérifié : { $count } octets, SHA-256 { $sha256 }
said-this-server = Ce serveur est { $server } dans le pool { $pool } (site { $site } ; rôles { $roles }), trouvé par { $by ->
    [option] --server
    [fqdn] le FQDN de la machine
   *[short] le nom d'hôte court
  }
said-replica-reinstalled = Magasin de configurations local réinstallé à la révision { $revision }
said-replica-updated = Magasin de configurations local mis à jour de la révision { $from } à { $revision }
said-replica-installed = Magasin de configurations local installé à la révision { $revision }
said-autodiscover-published = URL de découverte automatique Exchange { $url } publiée (révision { $revision })
said-fetching = Téléchargement de { $url }
said-metadata-read = { $url } : émetteur { $issuer }, { $count ->
    [0] aucun certificat de signature
    [one] un certificat de signature
   *[other] { $count } certificats de signature
  }
said-partner-published = Application partenaire { $partner } publiée (révision { $revision })
said-partner-removed = Application partenaire { $partner } supprimée (révision { $revision })
said-global-certificate-installed = Certificat global { $thumbprint } installé dans le magasin de ce serveur
said-replication-reported = Révision signalée au magasin central de gestion ({ $cms }) : son état de réplication montre ce serveur
said-replication-not-reported = Révision non signalée au magasin central de gestion ({ $cms }) : { $reason }
said-pool-started = Le pool { $pool } est démarré : { $up } serveurs sur { $total } répondent (sans réponse : { $down })
why-pool-no-quorum = Le pool { $pool } n'est pas démarré : { $up } serveurs sur { $total } répondent, il en faut { $needed } ; sans réponse : { $down }. Exécutez l'étape 4 (deploy-wizard services start) sur ces serveurs, ou vérifiez qu'ils sont joignables, puis démarrez à nouveau le pool
said-pool-step4 = Pool { $pool } : { $up } serveurs sur { $total } répondent ; un pool Standard Edition ou un pool de moins de trois serveurs est démarré par l'étape 4 sur chaque serveur
why-pool-unknown = La topologie n'a pas de pool { $pool }
why-pool-no-replica = Ce serveur n'a pas encore de magasin de configuration local : exécutez d'abord l'étape 1
why-pool-step4-only = Le pool { $pool } est un pool Standard Edition ou a moins de trois serveurs ({ $total }) : il est démarré par l'étape 4 (deploy-wizard services start) sur chacun de ses serveurs, pas comme un tout
said-pool-check-ok = { $server } : { $what } sur le port { $port } répond ({ $detail })
said-pool-check-failed = { $server } : { $what } sur le port { $port } ne répond pas : { $detail }
said-cms-created = Magasin central de gestion créé dans { $cms }
said-lab-published = Topologie de laboratoire et autorité de certification de laboratoire « { $ca } » publiées (révision { $revision }) : serveur Standard Edition { $server } dans le domaine SIP { $domain }
said-lab-published-no-domain = Topologie de laboratoire et autorité de certification de laboratoire « { $ca } » publiées (révision { $revision }) : serveur Standard Edition { $server } dans le domaine SIP { $domain } (cet ordinateur n'a pas de domaine DNS)
said-turn-secret-rotated = Nouveau secret TURN publié (révision { $revision }) ; exécutez les étapes 1 et 2 sur chaque serveur Edge et frontal
run-turn-secret = Renouveler le secret TURN
said-service-restarted = { $service } redémarré : sa configuration a changé d'une façon qu'un rechargement ne relit pas
run-install-programs = Installer les programmes manquants
programs-install = Installer les programmes manquants
programs-will-run = Installer les programmes manquants exécute : { $command }
programs-need-root = L'assistant ne s'exécute pas en tant que root ; pour installer ce qui manque, exécutez en tant que root : { $command }
programs-no-manager = Installez ces paquets avec le gestionnaire de paquets de ce système : { $packages }
programs-installed = Paquets installés : { $packages }. Terminer vérifie à nouveau les conditions préalables.
said-firewall-inactive = { $component } : cet hôte n'a pas de pare-feu actif (aucune chaîne d'entrée ne rejette le trafic) ; rien à ouvrir
said-firewall-unknown = { $component } : le pare-feu n'a pas été modifié ({ $reason })
said-firewall-admitted = Pare-feu : admis { $ports }
said-firewall-withdrawn = { $component } : sa règle de pare-feu a été supprimée
said-service-user = { $component } : ses services s'exécutent en tant que { $user } ; les clés qu'il lit ne sont lisibles que par ce groupe

pool-status = État du pool
pool-start = Démarrer le pool
pool-checking = Interrogation de chaque serveur du pool…
pool-server-up = répond
pool-server-down = ne répond pas
pool-no-address = aucune adresse
run-pool-start = Démarrer le pool
cw-renew = Renouveler
cw-flow-renew = Renouveler le certificat
cw-renew-title = Renouveler le certificat
cw-renew-intro = Le certificat de ces utilisations est renouvelé maintenant auprès de l'autorité de certification et avec les choix de sa demande (les noms viennent de la topologie telle qu'elle est aujourd'hui), puis attribué aux mêmes utilisations ; les services qui le présentent sont rechargés et l'assistant vérifie qu'ils présentent le nouveau certificat. Si l'attribution échoue, le certificat en service reste.
cw-renew-not-done = Le certificat n'a pas été renouvelé.
cw-renews-on = Renouvelé le { $date }
cw-renewal-failed = Échec du renouvellement : { $reason }
cw-renewal-expires = Le certificat en service reste attribué et servi ; il expire le { $date }.
usage-renewal-failed = Échec du renouvellement
renewal-title = Renouvellement des certificats
renewal-at = Première vérification du jour (UTC)
renewal-window = Plage de déploiement (UTC)
renewal-window-hint = À toute heure, ou HH:MM-HH:MM
renewal-enable = Activer la planification
renewal-disable = Désactiver la planification
renewal-hook = Commande en cas d'échec
renewal-hook-hint = Exécutée par /bin/sh avec les détails dans son environnement
renewal-hook-save = Enregistrer la commande
renewal-enabled = Le renouvellement s'exécute deux fois par jour à partir de { $at } UTC.
renewal-disabled = La planification du renouvellement est supprimée.
renewal-hook-saved = La commande en cas d'échec est enregistrée.
renewal-not-installed = La planification du renouvellement n'est pas installée : les certificats ne sont renouvelés qu'à la main.
renewal-unhealthy = La planification du renouvellement est installée mais n'exécute pas ce programme sur ce dossier de données : activez-la à nouveau.
renewal-installed = La planification du renouvellement est installée et saine ; prochaine vérification { $next } UTC.
notify-renewal-failed = deploy-wizard : le renouvellement de { $usage } a échoué
why-detail = { $detail }
why-ca-unreachable = L'autorité de certification { $ca } est injoignable ({ $detail }) : vérifiez qu'elle fonctionne et que ce serveur l'atteint.
why-renewal-request-failed = l'AC { $ca } n'a pas délivré de nouveau certificat :
why-renewal-not-deployed = renouvelé, mais pas déployé (`cert renew --redeploy` le déploie sans redemander à l'AC) :
why-renewal-recorded-address = l'adresse http-01 enregistrée { $listen } n'est pas une adresse : demandez de nouveau le certificat avec l'Assistant Certificat
why-renewal-global-elsewhere = un certificat global se renouvelle sur le serveur qui détient le répertoire du CMS (l'hôte du CMS)
why-renewal-waiting-window = en attente de la fenêtre de déploiement
why-renewal-nothing-to-redeploy = aucun certificat renouvelé n'attend d'être déployé
why-renewal-backing-off = pause après un échec, nouvel essai à partir du { $until }
why-renewal-imported = il a été importé (ou demandé avant que le renouvellement soit mémorisé) : renouvelez-le avec l'Assistant Certificat
said-renewal-offline-request = une AC hors connexion : remettez-lui la nouvelle demande { $file } et terminez-la avec `cert pending complete` ({ $id })
said-renewal-roll = publié comme un remplacement qui prend effet le { $date }
said-renewal-hook-ran = la commande d'échec a été exécutée
why-renewal-hook-ended = la commande d'échec s'est terminée avec { $status }
why-renewal-hook-not-run = la commande d'échec n'a pas pu être exécutée : { $detail }
why-export-password-required = Un export est authentifié par un mot de passe (et ses objets protégés sont chiffrés avec lui) : donnez le mot de passe de l'export. Sans secrets, le mot de passe prouve seulement que rien n'y a été modifié.
why-export-unauthenticated = { $path } ne porte aucune authentification (il a été créé par une version antérieure de deploy-wizard, ou son export.mac a été retiré) : créez un nouvel export sur l'hôte du CMS et installez celui-ci.
why-export-tampered = { $path } a été modifié après l'export (son contenu ne correspond pas à son authentification) : rien n'a été installé ; créez un nouvel export sur l'hôte du CMS.
why-cms-older = { $source } contient la révision { $revision }, plus ancienne que le magasin de configuration local de ce serveur (révision { $replica }) : l'installer ramènerait ce serveur en arrière ; rien n'a été modifié. Pour le faire volontairement, exécutez à nouveau l'étape 1 avec --allow-older.
cli-services-started = Démarré : { $services }
cli-services-none-started = Tous les services étaient déjà démarrés
cli-services-stopped = Arrêté : { $services }
cli-services-none-stopped = Aucun service n'était démarré
cli-services-none-installed = Aucun service n'est installé.
cli-service-line = { $service } ({ $component }) : { $state }
cli-service-running = démarré
cli-service-not-running = arrêté
cli-service-healthy = , en bonne santé
cli-service-degraded = , dégradé : son contrôle d'intégrité échoue
cli-service-standby-in-sync = , serveur de secours synchronisé avec son serveur principal
cli-service-standby-behind = , serveur de secours en retard de { $bytes } octets sur son serveur principal
cli-service-orphans = { $count ->
    [one] , un processus orphelin de ce service s'exécute encore (pid { $pids }) : l'étape 4 y met fin
   *[other] , { $count } processus orphelins de ce service s'exécutent encore (pids { $pids }) : l'étape 4 y met fin
}
cli-service-stale-pid = , son fichier pid désigne un autre processus (pid { $pid }) : un fichier pid périmé, que l'étape 4 efface
cli-service-port = port { $port } { $usage } : présente { $presented }, attribué { $assigned } [{ $state }]
cli-service-nothing = rien
cli-service-port-ok = ok
cli-service-port-mismatch = DIFFÉRENT
cli-import-expired = Avertissement : { $thumbprint } a expiré le { $date } : il ne peut pas être attribué ; demandez ou importez un certificat valide
cli-import-not-yet-valid = Avertissement : { $thumbprint } n'est pas valide avant le { $date } : il ne peut pas être attribué d'ici là
cli-status-unused-secrets = { $count ->
    [one] Avertissement : ce serveur détient un secret qu'aucun de ses rôles n'utilise : { $secrets }. Installez un magasin préparé pour lui (`cms export --server FQDN` sur l'hôte du CMS) afin qu'il ne détienne que ce dont il a besoin.
   *[other] Avertissement : ce serveur détient { $count } secrets qu'aucun de ses rôles n'utilise : { $secrets }. Installez un magasin préparé pour lui (`cms export --server FQDN` sur l'hôte du CMS) afin qu'il ne détienne que ce dont il a besoin.
}
said-service-unrecorded-found = Le programme de { $service } pour ce répertoire d'installation occupe le port { $port } sans fichier pid ni enregistrement (une étape a été interrompue pendant son démarrage) : arrêt de ce programme (pids { $pids }) pour que ce démarrage possède ce qui s'exécute
said-service-stop-command-failed = { $service } : sa commande d'arrêt a échoué ({ $detail }) ; il est demandé à son processus vérifié de se terminer à la place
cli-cert-thumbprint = Empreinte :          { $value }
cli-cert-sha256 = SHA-256 :            { $value }
cli-cert-friendly-name = Nom convivial :      { $value }
cli-cert-subject = Sujet :              { $value }
cli-cert-names = Noms :               { $value }
cli-cert-issuer = Émetteur :           { $value }
cli-cert-valid = Validité :           du { $from } au { $to }
cli-cert-key-with-private = Clé :                { $kind } { $bits } bits, clé privée dans le magasin
cli-cert-key-without-private = Clé :                { $kind } { $bits } bits, sans clé privée
cli-cert-exportable = (exportable)
cli-cert-signature = Signature :          { $value }
cli-cert-ekus = Utilisations (EKU) : { $value }
cli-cert-origin = Origine :            { $value }
cli-cert-chain = Chaîne { $index } :           { $subject } ({ $thumbprint })
cli-cert-assigned-to = Affecté à :          { $usages }
cli-cert-assigned-nothing = rien
cli-cert-state-valid = valide
cli-cert-state-expiring = expire bientôt
cli-cert-state-invalid = non valide
cli-cert-state-missing = manquant
cli-cert-scope-global = global
cli-cert-scope-local = local
cli-cert-usage-until = (jusqu'au { $date })
cli-cert-usage-renews-on = renouvelé le { $date }
cli-cert-usage-renewal-failed = ÉCHEC DU RENOUVELLEMENT : { $reason }
cli-cert-usage-check-failed = { $worded }
cli-cert-subject-line = Sujet : { $subject }
cli-cert-names-sans = Autres noms du sujet :
cli-cert-pending-none = Aucune demande en attente.
cli-cert-pending-line = { $id }  { $usages }  CN={ $subject }  écrite dans { $file }
cli-cert-stored = Certificat { $thumbprint } (« { $name } ») enregistré avec sa clé privée
cli-cert-assign-it = Affectez-le avec : deploy-wizard cert assign --type { $types } --thumbprint { $thumbprint }
cli-cert-imported-global = { $thumbprint } importé et affecté à { $usage } pour tous les serveurs (publié dans le magasin central de gestion)
cli-cert-imported-with-key = { $thumbprint } ({ $subject }) importé avec sa clé privée
cli-cert-imported-without-key = { $thumbprint } ({ $subject }) importé sans clé privée
cli-cert-trusted-root = Racine de confiance ajoutée : { $thumbprint }
cli-cert-get-current = { $usage } : { $thumbprint }
cli-cert-valid-until = Valide jusqu'au { $date }
cli-cert-previous = Précédent : { $thumbprint }
cli-cert-becomes-current = Devient le certificat actuel le { $date } : { $thumbprint }
cli-cert-exported = Exporté dans { $file }
cli-cert-store-empty = Le magasin de certificats est vide.
cli-cert-list-no-key = (sans clé)
cli-cert-list-line = { $thumbprint }  { $name } CN={ $cn } jusqu'au { $date }{ $key }
cli-cert-roll-needs-date = un remplacement programmé a besoin de sa date d'effet : ajoutez --effective-date DATE (le certificat actuel reste en service jusque-là)
cli-cert-date-needs-roll = --effective-date s'utilise avec --roll
cli-cert-becomes-current-for = { $thumbprint } devient le certificat actuel de { $usages } le { $date }
cli-cert-assigned = { $thumbprint } affecté à { $usages }
cli-cert-removed = Affectation { $usage } supprimée
cli-cert-pfx-needs-exportable = --pfx-out écrit la clé privée dans un fichier : ajoutez --exportable
cli-cert-issued = Certificat { $thumbprint } (« { $name } ») émis
cli-cert-names-line = Noms : { $names }
cli-cert-assigned-usages = Affecté à { $usages }
cli-cert-request-written = Demande écrite dans { $file } ; envoyez-la à l'autorité de certification, puis : deploy-wizard cert pending complete --response FILE
cli-cert-pending-request = Demande en attente { $id } (CN={ $subject })
cli-ca-none = Aucune autorité de certification n'est détectée dans votre environnement ; créez-en une avec `deploy-wizard cms ca create --cms DIR --name NAME`, puis exécutez l'étape 1
cli-ca-line = { $name }  ({ $kind }, racine { $thumbprint } valide jusqu'au { $date }, émet pour { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    })
cli-ca-line-cannot-issue = { $name }  ({ $kind }, racine { $thumbprint } valide jusqu'au { $date }, émet pour { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } ; ce serveur ne peut pas émettre avec elle)
cli-checklist-task = { $number }. [{ $state }] { $title }
cli-renewal-not-due = { $usages } : { $thumbprint } n'est pas à renouveler avant le { $due } (expire le { $expires })
cli-renewal-would-renew = { $usages } : { $thumbprint } est à renouveler : il serait renouvelé
cli-renewal-renewed = { $usages } : { $before } renouvelé → { $after }
cli-renewal-renewed-why = { $usages } : { $before } renouvelé → { $after } ({ $reason })
cli-renewal-redeployed = { $usages } : { $thumbprint } déployé (renouvelé plus tôt ; aucune nouvelle demande à l'autorité de certification)
cli-renewal-stored = { $usages } : { $thumbprint } renouvelé et enregistré, pas encore déployé : { $reason }
cli-renewal-reason = { $usages } : { $reason }
cli-renewal-failed = { $usages } : ÉCHEC : { $reason } (le certificat actuel { $thumbprint } reste en place, jusqu'au { $expires })
cli-renewal-failed-hook = { $usages } : ÉCHEC : { $reason } (le certificat actuel { $thumbprint } reste en place, jusqu'au { $expires }) ; { $hook }
cli-renewal-none = Aucun certificat n'est affecté aux utilisations sélectionnées
cli-renewal-enabled = Le renouvellement s'exécute deux fois par jour à partir de { $at } UTC : { $files }
cli-renewal-enabled-window = Le renouvellement s'exécute deux fois par jour à partir de { $at } UTC : { $files } ; les certificats renouvelés sont déployés dans la plage { $window } UTC
cli-renewal-none-installed = Aucune planification du renouvellement n'était installée
cli-renewal-removed = Supprimé : { $files }
cli-renewal-hook = En cas d'échec d'un renouvellement : { $hook }
cli-renewal-no-hook = Aucune commande ne s'exécute en cas d'échec d'un renouvellement
cli-renewal-bad-percent = --percent { $percent } : indiquez la part de la durée de vie après laquelle renouveler, de 1 à 99
cli-renewal-policy-percent = { $usages } : renouvelé une fois écoulés { $percent } % de sa durée de vie
cli-renewal-policy-days = { $usages } : renouvelé { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } avant l'expiration
cli-renewal-policy-default = { $usages } : renouvelé aux deux tiers de sa durée de vie
cli-renewal-schedule = Planification : { $state } ({ $scheduler })
cli-renewal-schedule-not-installed = non installée : `deploy-wizard renewal enable` l'installe
cli-renewal-schedule-healthy = installée et saine
cli-renewal-schedule-unhealthy = installée, mais elle n'exécute pas ce programme sur ce répertoire de données : exécutez de nouveau `renewal enable`
cli-renewal-scheduler-systemd = minuteur systemd
cli-renewal-scheduler-cron = cron
cli-renewal-next-check = Prochaine vérification : { $time }
cli-renewal-window = Plage de déploiement : { $window } UTC
cli-renewal-next-due = Prochaine échéance : { $usages } ({ $thumbprint }) le { $time }
cli-renewal-policy-for-percent = Règle pour { $usage } : une fois écoulés { $percent } % de la durée de vie
cli-renewal-policy-for-days = Règle pour { $usage } : { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } avant l'expiration
cli-renewal-last-ok = Dernier résultat : aucun échec
cli-renewal-last-failed = Dernier résultat pour { $usage } : ÉCHEC : { $reason }
cli-main-run-log = Journal d'exécution : { $run }
cli-main-run-log-command = Le journal d'exécution : deploy-wizard logs show { $run }
cli-main-secret-file-error = le fichier de { $what } : { $error }
cli-main-secret-file-not-utf8 = le fichier de { $what } { $path } n'est pas du texte UTF-8
cli-main-io-error = { $what } : { $error }
cli-cms-ca-created = Autorité de certification de laboratoire { $name } créée dans { $cms } (révision { $revision }) ; exécutez l'étape 1 sur chaque serveur pour qu'il la détecte
cli-cms-created = Magasin central de gestion créé dans { $dir }
cli-cms-next-store-install = Ensuite : deploy-wizard store install --from-cms { $dir }
cli-cms-published = { $file } publié en tant que révision { $revision }
cli-cms-already-published = { $file } est déjà publié (révision { $revision }) ; rien n'a changé
cli-cms-replication-password = mot de passe de réplication
cli-cms-export-password = mot de passe d'export
cli-cms-serve-password-required = donnez le mot de passe de réplication avec --password-file F (ou DEPLOY_WIZARD_EXPORT_PASSWORD) : les documents protégés sont servis scellés avec lui
cli-cms-serve-ready = Le magasin central de gestion { $cms } est prêt à être servi en HTTPS : { $total ->
    [one] { $total } document
   *[other] { $total } documents
}, dont { $sealed ->
    [one] { $sealed } document protégé scellé
   *[other] { $sealed } documents protégés scellés
} avec le mot de passe de réplication.
cli-cms-serve-next = Ensuite : l'étape 2 sur ce serveur (l'hôte du CMS dans la topologie) commence à le servir ; les autres serveurs exécutent `store install --from-cms https://HOST:PORT/ --password-file F`
cli-cms-published-revision = Révision publiée : { $revision }
cli-cms-column-server = Serveur
cli-cms-column-up-to-date = À jour
cli-cms-column-revision = Révision
cli-cms-column-last-replicated = Dernière réplication
cli-cms-up-to-date-true = Oui
cli-cms-up-to-date-false = Non
cli-cms-never-reported = jamais signalée
cli-cms-report-refused = Le rapport reçu pour { $server } a été refusé : { $reason }
cli-cms-all-up-to-date = Tous les serveurs détiennent la révision publiée
cli-cms-servers-behind = { $count ->
    [one] { $count } serveur ne détient pas la révision publiée : exécutez l'étape 1 sur ce serveur
   *[other] { $count } serveurs ne détiennent pas la révision publiée : exécutez l'étape 1 sur chacun d'eux
}
cli-cms-export-no-topology = le magasin central de gestion n'a aucune topologie publiée : publiez-en une avant d'exporter pour un serveur
cli-cms-exported = Révision { $revision } exportée ({ $documents ->
    [one] { $documents } document
   *[other] { $documents } documents
}) vers { $out }
cli-cms-export-sealed = { $count ->
    [one] { $count } objet protégé est chiffré avec le mot de passe d'export ; `store install --from-file` le demande
   *[other] { $count } objets protégés sont chiffrés avec le mot de passe d'export ; `store install --from-file` le demande
}
cli-cms-export-left-out-for-server = { $count ->
    [one] { $count } objet protégé a été laissé de côté (aucun rôle de { $server } ne l'utilise)
   *[other] { $count } objets protégés ont été laissés de côté (aucun rôle de { $server } ne les utilise)
}
cli-cms-export-left-out-without-secrets = { $count ->
    [one] { $count } objet protégé a été laissé de côté (--without-secrets)
   *[other] { $count } objets protégés ont été laissés de côté (--without-secrets)
}
cli-components-none = aucun
cli-components-install-path = Chemin d'installation : { $path }
cli-components-label-add = À ajouter :
cli-components-label-update = À mettre à jour :
cli-components-label-remove = À supprimer :
cli-components-label-unchanged = Inchangés :
cli-components-prerequisites-satisfied = Conditions préalables : remplies
cli-components-setup-summary = Installés : { $added } ; mis à jour : { $updated } ; supprimés : { $removed } ; inchangés : { $unchanged }
cli-components-files = { $written ->
    [one] { $written } fichier écrit
   *[other] { $written } fichiers écrits
}, { $removed ->
    [one] { $removed } supprimé
   *[other] { $removed } supprimés
}
cli-components-reloaded = Rechargés : { $services }
cli-components-restart-required = Redémarrez ce serveur avant de démarrer les services.
cli-components-nothing-to-install = Rien à installer : tous les programmes dont l'étape 2 a besoin sont présents
cli-components-missing-packages = Paquets manquants : { $packages }
cli-components-missing-packages-no-manager = Paquets manquants : { $packages } (ce système n'a ni apt ni dnf)
cli-components-would-run = Commande qui serait exécutée : { $command }
cli-components-would-run-as-root = Commande qui serait exécutée : { $command } (en tant que root)
cli-components-installed-packages = Installé : { $packages }
cli-components-removed = { $count ->
    [one] Tous les composants ont été supprimés ({ $count } fichier)
   *[other] Tous les composants ont été supprimés ({ $count } fichiers)
}
cli-store-password-file-not-for-directory = --password-file s'applique à un export ou à un CMS https://, pas à un répertoire de CMS
cli-store-cms-root-not-for-file = --cms-root s'applique à un CMS https://, pas à --from-file
cli-store-source-required = indiquez où se trouve le magasin central de gestion : --from-cms DIR|URL, ou --from-file ZIP pour un export
cli-store-password-path-unresolved = impossible de résoudre le chemin de --password-file
cli-store-reinstalled = Magasin de configurations local réinstallé à la révision { $revision } depuis { $source }
cli-store-updated = Magasin de configurations local mis à jour de la révision { $old } à la révision { $revision } depuis { $source }
cli-store-installed = Magasin de configurations local installé à la révision { $revision } depuis { $source }
cli-store-this-server = Ce serveur : { $server } (pool { $pool }, rôles { $roles })
cli-topology-valid = { $file } est valide : { $sites ->
    [one] { $sites } site
   *[other] { $sites } sites
}, { $pools ->
    [one] { $pools } pool
   *[other] { $pools } pools
}, { $servers ->
    [one] { $servers } serveur
   *[other] { $servers } serveurs
} ; domaine SIP par défaut { $domain }
cli-topology-label-server = Serveur :
cli-topology-label-site = Site :
cli-topology-label-pool = Pool :
cli-topology-label-roles = Rôles :
cli-topology-edition = , édition { $edition }
cli-topology-pool-servers = Serveurs du pool : { $servers }
cli-topology-associated-pool = Pool associé : { $pool }
cli-topology-sip-domains = Domaines SIP : { $domains }
cli-topology-default-domain = { $domain } (par défaut)
cli-edge-secret-rotated = Nouveau secret TURN publié (révision { $revision }) ; exécutez l'étape 1 et l'étape 2 sur chaque serveur Edge et chaque serveur frontal
cli-edge-label-username = Nom d'utilisateur :
cli-edge-label-password = Mot de passe :
cli-edge-label-expires = Expiration :
cli-edge-expires = { $expires } (heure Unix)
cli-logs-none = Aucune exécution pour l'instant.
cli-logs-wrote = { $path } écrit
cli-logs-cannot-write = impossible d'écrire { $path }
cli-oauth-label-realm = Domaine (émetteur) :
cli-oauth-label-autodiscover = URL de découverte automatique Exchange :
cli-oauth-label-issuer = OAuthTokenIssuer :
cli-oauth-label-metadata = Document de métadonnées :
cli-oauth-not-set = non définie
cli-oauth-none-assigned = aucun certificat attribué
cli-oauth-previous = (précédent { $thumbprint })
cli-oauth-no-web-services = ce serveur n'a pas de services web
cli-oauth-autodiscover-set = URL de découverte automatique Exchange définie sur { $url } pour tous les serveurs (révision { $revision })
cli-partner-added = Application partenaire { $identity } ajoutée (confiance { $trust ->
    [Full] totale
   *[other] partielle
}, émetteur { $issuer }, { $count ->
    [one] { $count } certificat
   *[other] { $count } certificats
})
cli-partner-none = Aucune application partenaire.
cli-partner-row = { $identity }  confiance { $trust ->
    [Full] totale
   *[other] partielle
}  émetteur { $issuer }  { $url }
cli-partner-removed = Application partenaire { $identity } supprimée
cli-pchat-done = { $done } (révision { $revision } du CMS)
cli-pchat-redeployed = Le service de conversation permanente de ce serveur a pris en compte la modification (étape 2 : { $run })
cli-pchat-not-redeployed = Chaque serveur de conversation permanente la prend en compte avec l'étape 1 et l'étape 2 (components setup)
cli-pchat-policy-enabled = Conversation permanente activée pour { $scope }
cli-pchat-policy-disabled = Conversation permanente désactivée pour { $scope }
cli-pchat-no-policy = Aucune entrée de stratégie : la conversation permanente est désactivée pour tout le monde
cli-pchat-entry-enabled = { $scope } : activée
cli-pchat-entry-disabled = { $scope } : désactivée
cli-pchat-pool = Pool { $pool } (site { $site }) : activée pour { $enabled } ; non activée pour { $disabled }
cli-pchat-nobody = personne
cli-pchat-admin-added = Administrateur de conversation permanente { $user } ajouté
cli-pchat-admin-removed = Administrateur de conversation permanente { $user } supprimé
cli-pchat-no-admin = Aucun administrateur de conversation permanente pour l'instant : ajoutez-en un avec `deploy-wizard pchat admin add SIPURI`
cli-pchat-password = mot de passe
cli-pchat-password-required = donnez le mot de passe du compte dans un fichier (--password-file FILE) ou dans DEPLOY_WIZARD_PCHAT_PASSWORD
cli-pchat-user-saved = Compte de conversation permanente { $user } enregistré
cli-pchat-user-removed = Compte de conversation permanente { $user } supprimé
cli-pchat-no-user = Aucun compte de conversation permanente pour l'instant : ajoutez-en un avec `deploy-wizard pchat user add SIPURI --password-file FILE`
cli-pool-server-answers = { $server } ({ $address }) : répond
cli-pool-server-silent = { $server } ({ $address }) : ne répond pas
cli-pool-no-address = aucune adresse
cli-pool-check = { $what } port { $port } : { $detail }
cli-status-warning = Avertissement : { $warning }
cli-logs-run-header = Exécution { $id } : { $title } ({ $outcome })
cli-cert-pfx-password = mot de passe
cli-cert-eab-hmac-key = clé HMAC EAB
## Refus des magasins, des journaux d'exécution, des applications partenaires, du serveur Edge,
## des certificats et de l'heure de renouvellement
why-store-not-a-cms = { $path } n'est pas un magasin central de gestion (pas de cms.json) ; créez-en un avec `deploy-wizard cms init { $path }`
why-store-already-a-cms = { $path } est déjà un magasin central de gestion (révision { $revision }) ; pour y publier, utilisez `deploy-wizard cms publish --cms { $path } --topology FILE`
why-store-not-empty = { $path } n'est pas vide ; choisissez un dossier nouveau ou vide pour le magasin central de gestion
why-store-io = { $what } : { $detail }
why-store-corrupt = Données endommagées — { $what } : { $reason }
why-store-hash-mismatch = { $document } provenant de { $source } ne correspond pas au manifeste (SHA-256 attendu { $expected }, trouvé { $actual }) : la source a été modifiée ou endommagée après la publication ; publiez-la à nouveau et réexécutez l'étape 1
why-store-bad-export = { $path } n'est pas un export de configuration utilisable : { $reason } ; créez-en un avec `deploy-wizard cms export --cms DIR --out FILE.zip`
why-replication-password-needed = { $source } sert des documents protégés (clés d'autorité de certification, certificats, secrets de service) scellés avec son mot de passe de réplication : donnez ce mot de passe avec --password-file F (ou DEPLOY_WIZARD_EXPORT_PASSWORD)
why-replication-password-wrong = le mot de passe de réplication est incorrect pour { $source } : donnez celui avec lequel `cms serve` a été lancé sur l'hôte du CMS
why-export-password-too-short = le mot de passe d'export est trop court : utilisez au moins { $min } caractères
why-export-password-too-long = le mot de passe d'export est trop long : utilisez au plus { $max } caractères
why-store-http = impossible de récupérer { $url } : { $reason }
why-store-no-replica = ce serveur n'a pas encore de magasin de configurations local ; exécutez d'abord l'étape 1 : `deploy-wizard store install --from-cms DIR`
why-cms-no-topology = le magasin central de gestion ({ $source }) n'a pas de topologie publiée ; publiez-en une avec `deploy-wizard cms publish`
why-store-install-cancelled = annulé par l'administrateur avant la mise en place du nouveau réplica ; le magasin de configurations local précédent est inchangé
why-cms-url-no-host = { $location } n'a pas de nom d'hôte
why-cms-url-credentials = l'URL du CMS ne doit pas contenir d'identifiants ; le CMS est lu sans identifiants
why-cms-not-https = { $location } n'est ni un dossier ni une URL https:// ; le CMS n'est pas accepté en http non chiffré
why-cms-root-https-only = --cms-root ne s'applique qu'à un CMS en https://
why-cms-root-not-pem = --cms-root { $path } n'est pas un fichier PEM de certificats : { $detail }
why-cms-root-no-certificate = --cms-root { $path } ne contient aucun certificat
why-global-no-cms = les paramètres globaux sont publiés dans le magasin central de gestion, et aucun n'est enregistré pour ce serveur : exécutez d'abord l'étape 1 à partir du dossier du CMS
why-global-cms-https = les paramètres globaux sont publiés dans le magasin central de gestion ; ce serveur le lit en HTTPS ({ $location }) et ne peut pas y écrire. Exécutez cette commande sur un serveur qui dispose du dossier du CMS
why-partner-unknown = il n'y a pas d'application partenaire nommée { $partner }
why-partner-unknown-list = il n'y a pas d'application partenaire nommée { $partner } ; `deploy-wizard partner list` les affiche
why-turn-no-secret = ce serveur n'a pas de secret TURN : publiez-en un avec `deploy-wizard edge secret-rotate` sur le serveur qui écrit dans le CMS, puis exécutez l'étape 1 ici
why-run-unknown = aucune exécution { $run } ; `deploy-wizard logs list` affiche les exécutions
why-run-name-empty = donnez l'identifiant d'une exécution (ou `last`) ; `deploy-wizard logs list` affiche les exécutions
why-run-ambiguous = { $name } désigne plusieurs exécutions ({ $runs }) ; donnez une plus grande partie de l'identifiant
why-cert-not-found = aucun certificat { $thumbprint } dans le magasin de certificats ; `deploy-wizard cert list` les affiche
why-oauth-key-not-exportable = OAuthTokenIssuer est partagé par tous les serveurs frontaux via le magasin central de gestion, sa clé privée doit donc être exportable ; le certificat { $thumbprint } n'a pas été marqué comme exportable (demandez-le avec --exportable)
why-export-key-not-exportable = la clé privée de { $thumbprint } n'a pas été marquée comme exportable : elle n'est donc jamais écrite dans un export
why-time-not-hhmm = { $value } n'est pas une heure : écrivez HH:MM, par exemple 03:17
why-time-hour-not-number = { $value } : l'heure n'est pas un nombre
why-time-minutes-not-number = { $value } : les minutes ne sont pas un nombre
why-time-out-of-range = { $value } n'est pas une heure valide (de 00:00 à 23:59)
why-server-unknown = la topologie n'a pas de serveur { $server } ; ses serveurs sont : { $servers ->
    [none] aucun
   *[other] { $servers }
}{ $count ->
    [0] {""}
    [one] {" "}et { $count } autre
   *[other] {" "}et { $count } autres
}
why-machine-not-in-topology = cet ordinateur ({ $machine }) n'est pas un serveur de la topologie ; ses serveurs sont : { $servers ->
    [none] aucun
   *[other] { $servers }
}{ $count ->
    [0] {""}
    [one] {" "}et { $count } autre
   *[other] {" "}et { $count } autres
}. Indiquez --server FQDN pour en choisir un, ou publiez une topologie qui nomme cet ordinateur
why-machine-short-name-shared = plusieurs serveurs partagent le nom court de cet ordinateur, { $short } : { $servers } ; indiquez --server FQDN
## Les serveurs d'un pool qui répondent, comptés (`count`) : le français met 0 et 1 au singulier
said-pool-started-count = Le pool { $pool } est démarré : { $count ->
    [one] { $count } serveur sur { $total } répond
   *[other] { $count } serveurs sur { $total } répondent
} (sans réponse : { $down })
why-pool-no-quorum-count = Le pool { $pool } n'est pas démarré : { $count ->
    [one] { $count } serveur sur { $total } répond
   *[other] { $count } serveurs sur { $total } répondent
}, il en faut { $needed } ; sans réponse : { $down }. Exécutez l'étape 4 (deploy-wizard services start) sur ces serveurs, ou vérifiez qu'ils sont joignables, puis démarrez à nouveau le pool
said-pool-step4-count = Pool { $pool } : { $count ->
    [one] { $count } serveur sur { $total } répond
   *[other] { $count } serveurs sur { $total } répondent
} ; un pool Standard Edition ou un pool de moins de trois serveurs est démarré par l'étape 4 sur chaque serveur
said-service-unrecorded-ended = Le programme de { $service } pour ce répertoire d'installation s'exécute sans fichier pid ni enregistrement (une étape a été interrompue pendant son démarrage) : arrêt de ce programme (pids { $pids })

## L'annuaire, Préparer l'annuaire et les utilisateurs
dir-operation = { $operation ->
    [bind] se connecter en tant que
    [read] lire
    [search] rechercher dans
    [add] ajouter
    [add-schema] ajouter un schéma à
    [add-entries] ajouter des entrées sous
    [read-rules] lire et modifier les règles d'accès de
    [change-rules] modifier les règles d'accès de
    [add-members] ajouter des membres à
    [change-user] modifier les paramètres SIP de
   *[change] modifier
  }
why-dir-not-set = Aucun annuaire n'est défini pour ce déploiement : exécutez `deploy-wizard directory set --url URL --base-dn DN --bind-dn DN --password-file FICHIER` sur le serveur qui écrit le CMS.
why-dir-bad-url = { $url } n'est pas une URL d'annuaire : indiquez ldaps://HÔTE[:PORT], ou ldap://HÔTE[:PORT] (StartTLS est alors exigé).
why-dir-bad-dn = { $dn } n'est pas un nom distinctif ({ $detail ->
    [too-long] plus de 1 024 octets
    [control] un caractère de contrôle
    [quote] un guillemet droit
    [escape] un échappement à la fin
    [no-equals] une partie sans =
    [bad-attribute] un nom d'attribut invalide
   *[empty-value] une valeur vide
  }) : indiquez-en un comme cn=admin,dc=contoso,dc=com comme { $what ->
    [base-dn] DN de base
    [bind-dn] DN de connexion
   *[identity] identité
  }.
why-dir-bad-password = Le fichier du mot de passe de connexion doit contenir une ligne de 1 à 1 024 octets sans guillemet droit ni barre oblique inverse (la configuration LDAP des serveurs d'inscriptions ne peut pas les contenir).
why-dir-bad-ca = Le fichier de l'autorité ne contient aucun certificat PEM : indiquez le certificat (PEM) de l'autorité qui signe le certificat de l'annuaire.
why-dir-tls-setup = TLS n'a pas pu être préparé pour l'annuaire.
why-dir-bind = L'annuaire { $url } a refusé la connexion de { $account } : le DN ou son mot de passe est faux.
why-dir-ldap = L'annuaire a refusé l'opération « { dir-operation } { $target } » : résultat LDAP { $code } ({ $text }).
why-dir-right-missing = Le compte { $account } n'a pas le droit nécessaire pour { dir-operation } { $target } : donnez-lui ce droit (ou connectez-vous avec un compte qui l'a) et recommencez. Rien n'a été modifié.
why-dir-tls = L'annuaire { $url } n'a pas passé la vérification TLS ({ $detail }) : son certificat doit nommer l'hôte de l'URL et être signé par une autorité approuvée par ce déploiement ; indiquez cette autorité avec `deploy-wizard directory set --ca-file FICHIER`.
why-dir-unreachable = L'annuaire { $url } est injoignable : { $detail }
why-dir-schema-conflict = Le schéma de l'annuaire définit déjà certains noms du déploiement mais pas { $missing } : un autre schéma les utilise ; supprimez-le ou renommez-le, puis recommencez.
why-dir-kind-unsupported = { $step } ne peut pas être exécuté sur { $kind } par cette version : préparez un annuaire OpenLDAP (slapd avec cn=config).
why-dir-read-back = { $step } a réussi, mais la relecture de l'annuaire ne montre pas ses modifications.
why-dir-not-prepared = L'annuaire n'est pas préparé : exécutez d'abord `deploy-wizard directory { $step }`.
why-dir-identity-needed = Indiquez l'utilisateur à ajouter avec --identity.
why-dir-bad-identity = { $identity } n'est pas une identité d'utilisateur : indiquez un nom de compte (alice), une adresse de messagerie ou un DN de 256 caractères au plus.
why-dir-no-user = Aucun utilisateur { $identity } dans l'annuaire sous { $base } : `deploy-wizard users list --filter TEXTE` trouve les utilisateurs.
why-dir-many-users = Plusieurs utilisateurs correspondent à { $identity } : indiquez le DN de l'utilisateur.
why-dir-bad-filter = Un texte de recherche compte 256 caractères au plus, sans caractère de contrôle.
why-dir-bad-sip-address = { $address } n'est pas une adresse SIP de ce déploiement ({ $detail ->
    [no-sip] elle ne commence pas par sip:
    [no-at] elle n'a pas de @
    [bad-user] sa partie utilisateur contient autre chose que des lettres, chiffres, . _ - +
   *[bad-domain] son domaine n'est pas un domaine SIP de la topologie
  }) : indiquez sip:NOM@DOMAINE avec l'un de ses domaines SIP ({ $domains }).
why-dir-unknown-pool = { $pool } n'est pas un pool d'inscriptions de la topologie : indiquez l'un de { $pools }.
why-dir-sip-taken = { $address } est déjà l'adresse SIP de { $owner } : indiquez-en une autre.
said-dir-connected = Connecté à { $url } (TLS vérifié) en tant que { $account } ({ $kind })
said-dir-published = Paramètres de l'annuaire publiés (révision { $revision }) ; exécutez l'étape 1 sur chaque serveur
said-dir-step-complete = directory { $step } : déjà terminé, rien n'a été modifié
said-dir-added = Ajouté : { $what }
said-user-enabled = { $identity } activé avec l'adresse { $address }
said-user-disabled = { $identity } désactivé ({ $address })
said-user-unchanged = { $identity } : déjà ainsi, rien n'a été modifié
cli-dir-state-complete = Terminé
cli-dir-state-not-run = Non exécuté
cli-dir-state-partial = Incomplet (manque : { $missing })
cli-dir-state-unreadable = Illisible avec ce compte
cli-dir-step-schema = Préparer le schéma
cli-dir-step-forest = Préparer la forêt actuelle
cli-dir-step-domain = Préparer le domaine actuel
cli-dir-step-administrators = Ajouter des utilisateurs au groupe des administrateurs
cli-dir-password-what = mot de passe de connexion
cli-dir-password-needed = Le mot de passe de connexion est nécessaire : indiquez --password-file FICHIER (ou DEPLOY_WIZARD_DIRECTORY_PASSWORD).
cli-dir-set = L'annuaire { $url } est défini (révision du CMS { $revision }) ; exécutez l'étape 1 sur chaque serveur.
cli-dir-status-head = Annuaire { $url }, base { $base }
cli-dir-administrator = Administrateur : { $member }
cli-dir-step-was-complete = { $step } : déjà terminé, rien n'a été modifié.
cli-dir-step-done = { $step } : terminé. Ajouté : { $added }
cli-users-enabled = activé
cli-users-disabled = désactivé
cli-users-not-enabled = non activé
cli-users-enabled-now = { $identity } est activé.
cli-users-disabled-now = { $identity } est désactivé : il ne peut plus se connecter.
cli-users-unchanged = { $identity } : déjà ainsi, rien n'a été modifié.
cli-users-count = { $count ->
    [one] 1 utilisateur
   *[other] { $count } utilisateurs
  }
run-directory-set = Définir l'annuaire
run-directory-prepare-schema = Préparer le schéma
run-directory-prepare-forest = Préparer la forêt actuelle
run-directory-prepare-domain = Préparer le domaine actuel
run-directory-add-administrator = Ajouter des utilisateurs au groupe des administrateurs
run-users-enable = Activer un utilisateur
run-users-disable = Désactiver un utilisateur
why-user-password-file-exists = { $path } existe : le mot de passe SIP n'est écrit que dans un nouveau fichier ; indiquez un autre chemin.
why-user-password-out-needed = Un nouveau mot de passe SIP est créé pour { $identity } ({ $address }) : indiquez --password-out FICHIER pour le recevoir.
why-user-password-file = Impossible d'écrire le mot de passe SIP dans { $path } : { $error }
said-user-password-written = Le nouveau mot de passe SIP est dans { $path } (lisible par son propriétaire seul) ; remettez-le à l'utilisateur
cli-users-password-written = Le nouveau mot de passe SIP de l'utilisateur est dans { $path } (lisible par son propriétaire seul) : remettez-le-lui ; l'annuaire n'en garde que l'empreinte.
why-unmet-directory-ldaps = { $component } : le module LDAP de Kamailio ne se connecte qu'en LDAPS, et l'annuaire de ce déploiement est défini avec une URL ldap:// (StartTLS) : définissez-le à nouveau avec son URL ldaps:// (`deploy-wizard directory set --url ldaps://…`), puis exécutez l'étape 1 ici.
