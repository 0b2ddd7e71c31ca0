# ruff: noqa: E501  (the labelled texts read best on one line each)
"""A second development set for lesson routing (issue 13): lessons, live projects, labels.

Written by "labeller2", an independent PMO expert helper, on 2026-12-06, without looking at
the routing engine, its weights or its bench: the lessons and projects were written from PMO
practice, then each project was labelled with the lessons a PMO would really tell its manager
to read, judged on the subject, the risks and issues, the report and the coming phases (sharing
a domain or a type is not enough). It is a DEVELOPMENT set: the engine's weights may be fitted
on it, so it says nothing about how the engine does on unseen data.

LESSONS is the first development set (bench_lessons_data, ids 1-30) followed by 30 new lessons
(ids 101-130), about two thirds in French. Like a real register, the new lessons hold
near-duplicates in theme (e.g. 101, 102 and 1 on the business calendar; 110 and 8 on load
tests; 117 and 118 on benefits) and distractors that share words but not the problem (130:
"tests" given to job candidates; 106: "migration" of workstations, not of data; 111: a
restore "test"; 101: the accounting "clôture", not the closure phase).
PROJECTS holds 20 live projects (ids 401-420); RELEVANT labels each with 3 to 5 lessons.
Domains: 1 finance, 2 HR, 3 supply chain, 4 customer, 5 IT operations. Types: 1 ERP /
package, 2 infrastructure, 3 application development, 4 data.
"""

from __future__ import annotations

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS

# (id, language, text, phase, domain, type)
# fmt: off
NEW_LESSONS = [
    (101, "fr", "Démarrage du nouvel ERP en pleine clôture annuelle. La mise en service a été fixée au 2 janvier ; les comptables ont dû clôturer l'exercice dans l'ancien système tout en apprenant le nouveau, et les écritures de janvier ont pris trois semaines de retard. Choisir la date de démarrage avec la direction financière, hors clôtures mensuelles et annuelle.", "Déploiement", 1, 1),
    (102, "en", "Release shipped just before the peak sales weekend. The new checkout went live eight days before Black Friday; a defect under real traffic could not be fixed in time and sales were lost. Agree a change freeze around commercial peaks and schedule go-live outside them.", "Déploiement", 4, None),
    (103, "fr", "Planning sans réserve ni chemin critique identifié. Le planning de référence enchaînait les tâches bout à bout ; le premier glissement de deux semaines a décalé tous les jalons suivants. Identifier le chemin critique et garder une réserve de délai avant chaque jalon majeur.", "Cadrage", None, None),
    (104, "en", "Fixed price on a vague scope: change orders piled up. The integrator signed a fixed price on high-level requirements, then billed every clarification as a change order; the contingency was gone by mid-build. Detail the requirements before signing and agree a change-order rate card in the contract.", "Réalisation", 3, 1),
    (105, "fr", "Réversibilité absente du contrat d'infogérance. À l'échéance, l'hébergeur a facturé la restitution des données et la sortie a pris six mois. Négocier dès la consultation une clause de réversibilité, son prix et un plan de sortie.", "Cadrage", 5, 2),
    (106, "fr", "Migration des postes de travail : applications métier incompatibles. Pendant les vagues de migration vers le nouveau système d'exploitation, des applications métier non recensées ont cessé de fonctionner et des sites ont été bloqués. Faire l'inventaire applicatif complet et qualifier chaque application avant la première vague.", "Déploiement", 5, 2),
    (107, "fr", "Information-consultation du CSE oubliée. L'outil de planification des équipes permettait de contrôler les horaires des salariés ; faute de consultation préalable du CSE, son déploiement a été suspendu trois mois. Inscrire la consultation des représentants du personnel au planning dès la conception.", "Conception", 2, 3),
    (108, "en", "Warehouse staff trained away from the floor. Pickers were trained in a meeting room on PCs; on go-live day they did not know the handheld scanner flows and productivity dropped by half for two weeks. Train on the real handhelds, in the warehouse, just before go-live.", "Déploiement", 3, 1),
    (109, "fr", "L'ancien fonctionnement reproduit dans le progiciel. Les utilisateurs ont exigé de retrouver leurs écrans et leurs états habituels ; les développements spécifiques se sont multipliés et la maintenance est devenue coûteuse. Revoir les processus avec les métiers et s'en tenir au standard, tout écart étant arbitré en comité.", "Conception", 1, 1),
    (110, "fr", "Tests de performance sur une préproduction sous-dimensionnée. L'environnement de test de charge avait le quart des capacités de la production ; les résultats rassurants étaient faux et le site a saturé à l'ouverture. Tester la montée en charge sur un environnement dimensionné comme la production.", "Recette", 4, 3),
    (111, "en", "Backups that had never been restored. When a storage array failed, restoring the service took three days because the recovery procedure had never been tested. Test restores and run a disaster recovery exercise before closing the project, then every year.", "Exploitation", 5, 2),
    (112, "fr", "Environnement de recette partagé entre projets. Les livraisons d'un autre projet écrasaient régulièrement nos données et cassaient nos campagnes de tests. Obtenir un environnement de recette dédié ou, à défaut, un calendrier de livraisons commun.", "Recette", None, 3),
    (113, "fr", "Mise en production sans supervision. Les sondes et les seuils d'alerte des nouveaux équipements n'étaient pas paramétrés ; ce sont les utilisateurs qui signalaient les pannes. Inclure la supervision et les consignes d'exploitation dans le périmètre, et les vérifier avant la bascule.", "Déploiement", 5, 2),
    (114, "fr", "Échanges EDI avec les transporteurs : un format par partenaire. Chaque transporteur utilisait sa propre variante du message d'expédition ; les tests de bout en bout ont révélé des rejets en masse. Recenser les formats de chaque partenaire et organiser des tests d'échange avec eux avant la recette.", "Réalisation", 3, 3),
    (115, "en", "Two departments, no single business owner. Finance and purchasing each expected the other to sign off the requirements, and decisions stalled for six weeks. Name one accountable business owner in the project charter.", "Cadrage", None, None),
    (116, "fr", "Projet au vert jusqu'au jalon. Les rapports d'avancement affichaient une météo ensoleillée sur la foi du pourcentage d'avancement, alors que le reste à faire augmentait chaque mois ; le dépassement n'a été découvert qu'à la revue de passage. Suivre le reste à faire et l'atterrissage, pas seulement l'avancement déclaré.", "Réalisation", None, None),
    (117, "fr", "Bénéfices impossibles à démontrer. Le dossier d'opportunité promettait des gains de productivité, mais aucune mesure de départ n'avait été faite ; à la clôture, personne ne pouvait dire si les gains étaient atteints. Mesurer la situation de référence au cadrage et nommer un responsable des bénéfices.", "Clôture", None, None),
    (118, "en", "Benefits tracking handed over to nobody. Once the project closed, nobody followed the app's adoption figures and the promised call-centre savings were never checked. At closure, hand the benefit indicators to a named business owner with review dates.", "Clôture", 4, 3),
    (119, "fr", "Départ d'un développeur clé sans passation. Un seul développeur maîtrisait le moteur de calcul ; sa démission a bloqué le projet six semaines. Travailler en binôme et documenter les composants critiques dès qu'un savoir repose sur une seule personne.", "Réalisation", None, 3),
    (120, "en", "Infrastructure engineers shared with production support. The project relied on the engineers who also handled incidents; project tasks always came second and the build slipped by three months. Ring-fence named engineers or backfill their run duties before starting.", "Cadrage", 5, 2),
    (121, "fr", "Support de démarrage sous-dimensionné. La première semaine après la mise en service, le support a reçu quatre fois plus d'appels que prévu et les demandes ont attendu dix jours. Prévoir une cellule d'hypercare renforcée sur les premières semaines et préparer le support avant le démarrage.", "Déploiement", None, None),
    (122, "fr", "Coûts récurrents oubliés dans le dossier d'opportunité. Les abonnements, la maintenance et le support n'étaient chiffrés que pour la première année ; l'OPEX a doublé dès la deuxième. Chiffrer le coût complet sur cinq ans, run compris, avant la décision.", "Cadrage", None, 1),
    (123, "en", "Data platform bill driven by unmonitored queries. Analysts' queries on the pay-per-use cloud data warehouse tripled the monthly bill within a quarter. Set quotas and cost alerts per team from the first sprint.", "Réalisation", 4, 4),
    (124, "fr", "Provision pour risques consommée en silence. Le chef de projet puisait dans la provision pour absorber les écarts sans en rendre compte ; quand un vrai risque est survenu, il ne restait rien. Faire valider en COPIL chaque consommation de la provision pour risques.", "Réalisation", None, None),
    (125, "en", "Customer authentication designed last. Login, single sign-on and user roles were specified after the screens; the rework delayed the portal by two months. Design identity and access management with the security team at the start of design.", "Conception", 4, 3),
    (126, "fr", "Comptes des prestataires restés actifs après le projet. Les accès à privilèges créés pour l'intégrateur étaient toujours ouverts un an après la mise en service ; l'audit de sécurité l'a relevé. Donner une date de fin à chaque compte projet et revoir les habilitations à la clôture.", "Clôture", None, None),
    (127, "fr", "Indicateurs RH calculés différemment selon les sources. Chaque service tenait ses propres fichiers ; les chiffres d'effectifs et de turnover ne concordaient pas et personne ne savait lequel était juste. Établir un dictionnaire de données et désigner une source de référence avant de construire les tableaux de bord.", "Conception", 2, 4),
    (128, "en", "Migrated balances not reconciled. Opening balances were loaded into the new ledger without a reconciliation against the old system; the auditors rejected them at year end. Plan a reconciliation of every migrated balance, signed off by finance, before go-live.", "Réalisation", 1, 1),
    (129, "fr", "Données clients réutilisées sans base légale. Les données collectées pour la livraison ont servi au ciblage marketing sans consentement ; le DPO a fait suspendre la campagne. Vérifier avec le DPO la base légale de chaque nouvel usage des données dès le cadrage.", "Cadrage", 4, 4),
    (130, "fr", "Tests d'évaluation des candidats non validés. La plateforme de recrutement imposait des tests de personnalité fournis par l'éditeur ; le service juridique les a jugés non conformes et ils ont été retirés après l'ouverture. Faire valider le contenu des tests proposés aux candidats avant leur mise en ligne.", "Conception", 2, 3),
]
# fmt: on

LESSONS = DEV_LESSONS + NEW_LESSONS

# (id, domain, type, current phase, upcoming phases, [(source, text)])
# fmt: off
PROJECTS = [
    (401, 1, 1, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "Refonte du processus achats / comptabilité fournisseurs (P2P) sur le nouvel ERP groupe, avec reprise des soldes fournisseurs et des factures non réglées."),
        ("risk", "Démarrage calé au 2 janvier, pendant la clôture de l'exercice"),
        ("risk", "Les comptables fournisseurs veulent retrouver leurs écrans et leurs éditions actuels : la liste des spécifiques s'allonge"),
        ("issue", "DAF et direction des achats se renvoient la validation des règles de gestion"),
        ("report", "Ateliers de conception : trois semaines de retard. Arbitrages MOA en attente, le sponsor n'est pas venu aux deux derniers COPIL."),
    ]),
    (402, 4, 3, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Replatforming of the e-commerce site: new storefront and checkout on a headless stack, integrated with the OMS."),
        ("risk", "Go-live planned for 16 November, just ahead of Black Friday"),
        ("risk", "Perf campaign to run on staging, which is about half the size of prod"),
        ("report", "Sprint 9 closed. Pen test booked with an external firm for week 46, i.e. one week before go-live."),
    ]),
    (403, 2, 3, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "Outil sur mesure de planification des équipes et de badgeage pour les magasins, avec export des variables vers la paie."),
        ("risk", "CSE pas encore informé ; l'outil permet de suivre les horaires de chaque salarié"),
        ("risk", "Données personnelles (horaires, absences) : pas encore d'inscription au registre RGPD ni d'AIPD"),
        ("issue", "La MOE demande une copie de la prod pour ses jeux de test"),
    ]),
    (404, 3, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Déploiement du nouveau WMS dans les quatre entrepôts régionaux, avec terminaux de préparation radiofréquence."),
        ("risk", "Caristes et préparateurs formés en salle sur PC, très peu de pratique sur les terminaux RF"),
        ("risk", "Messages EDI des transporteurs : chaque partenaire a sa variante, rejets en intégration"),
        ("report", "Site pilote : la DSI pousse Mâcon, le plus petit, pour limiter le risque. Les quatre sites doivent avoir démarré avant l'été."),
    ]),
    (405, 5, 2, "Cadrage", ["Conception", "Réalisation", "Déploiement", "Exploitation"], [
        ("description", "Transfer of our on-prem hosting to a managed private cloud provider, including level 1-2 run (outsourcing)."),
        ("risk", "Draft contract: no exit clause, SLAs still vague"),
        ("risk", "Our sysadmins and network engineers also carry the production on-call"),
        ("issue", "Monitoring not in the provider's scope so far"),
    ]),
    (406, 1, 4, "Conception", ["Réalisation", "Recette"], [
        ("description", "Tableaux de bord de performance financière (marge par BU) pour le CODIR, sur la plateforme data du groupe."),
        ("risk", "Chaque BU calcule la marge à sa manière, pas de définition partagée"),
        ("risk", "Plateforme facturée à la consommation : requêtes des contrôleurs de gestion non maîtrisées"),
        ("report", "Maquettes présentées au CODIR, accueil mitigé : « on ne voit pas quelles décisions prendre avec ça »."),
    ]),
    (407, 4, 1, "Cadrage", ["Conception", "Réalisation", "Recette", "Déploiement"], [
        ("description", "Remplacement du CRM du service client par une solution SaaS du marché (centre de contacts, 300 conseillers)."),
        ("risk", "Beaucoup de demandes spécifiques du métier, hors standard de l'éditeur"),
        ("risk", "Business case : abonnements et support chiffrés sur la première année seulement"),
        ("risk", "Nombre de licences conseillers / superviseurs non stabilisé"),
        ("report", "Note de cadrage en relecture. Les responsables de plateau n'ont pas encore été associés au projet."),
    ]),
    (408, 5, 2, "Réalisation", ["Déploiement", "Exploitation"], [
        ("description", "Workplace refresh: 2,500 laptops moved to Windows 11 and the new endpoint management tool, wave by wave per site."),
        ("risk", "App inventory incomplete, several business apps never tried on Win11"),
        ("risk", "Service desk not staffed for the call peak after each wave"),
        ("report", "Wave 1 (HQ, 300 users) done, 40 incidents. Plan for the other 12 sites: two sites a week."),
    ]),
    (409, 2, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Nouveau logiciel de paie en SaaS pour 4 000 salariés, avec deux mois de paie en parallèle avant la bascule."),
        ("risk", "Gestionnaires de paie peu disponibles pour la VABF : la recette tombe pendant les semaines de paie"),
        ("risk", "Reprise des cumuls annuels et des compteurs de congés : contrôle des écarts pas encore organisé"),
        ("issue", "Flux avec le SIRH et la GTA toujours en cours de spécification"),
    ]),
    (410, 3, 2, "Déploiement", ["Exploitation"], [
        ("description", "Renouvellement du WAN (SD-WAN) et du Wi-Fi des plateformes logistiques, bascule site par site."),
        ("risk", "Bascule de Rungis prévue un samedi, aucun scénario de repli formalisé"),
        ("risk", "Pas de sondes ni d'alertes sur les nouveaux équipements pour l'instant"),
        ("report", "3 sites sur 9 basculés. Samedi, incident à Orléans : expéditions à l'arrêt pendant 4 h."),
    ]),
    (411, 4, 4, "Cadrage", ["Conception", "Réalisation"], [
        ("description", "Customer data platform: a single customer view feeding personalised marketing campaigns, on the cloud data warehouse."),
        ("risk", "Reuse of delivery and loyalty data for marketing: legal basis not confirmed with the DPO"),
        ("risk", "Nobody owns customer data quality (duplicates between stores and web)"),
        ("issue", "Still no data architect on the team"),
    ]),
    (412, 1, 3, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Application interne de calcul des commissions des commerciaux, en remplacement d'un fichier Excel critique."),
        ("risk", "Un seul développeur connaît le moteur de calcul, il part en mars"),
        ("risk", "Évolutions demandées par le contrôle de gestion acceptées au fil de l'eau, sans chiffrage"),
        ("issue", "Plateforme de recette partagée avec deux autres projets de la DSI"),
        ("report", "Météo verte depuis quatre mois, mais le RAF est réestimé à la hausse à chaque point d'avancement."),
    ]),
    (413, 5, 1, "Déploiement", ["Exploitation", "Clôture"], [
        ("description", "Mise en place d'un outil ITSM (incidents, demandes, changements) pour la DSI et ses prestataires."),
        ("risk", "Comptes administrateurs créés pour l'intégrateur sans date d'expiration"),
        ("risk", "Gain annoncé (-20 % sur le délai de traitement des tickets) : aucune mesure de l'existant"),
        ("report", "Mise en service le 3 novembre. File d'attente du support saturée la première semaine. Bilan et REX prévus en décembre."),
    ]),
    (414, 1, 1, "Recette", ["Déploiement"], [
        ("description", "Roll-out of the group consolidation and reporting package to 14 subsidiaries."),
        ("risk", "Opening balances loaded from the legacy tool do not tie to the statutory accounts for 3 entities"),
        ("risk", "Subsidiary finance teams only trained through webinars"),
        ("issue", "UAT slipping: subsidiary controllers tied up by the quarterly close"),
    ]),
    (415, 4, 3, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "Espace client web et appli mobile pour les assurés : déclaration de sinistre, suivi du dossier, documents."),
        ("risk", "Authentification des assurés (SSO, FranceConnect) et gestion des rôles non spécifiées"),
        ("risk", "Réalisation confiée au forfait à un prestataire nearshore, périmètre encore flou"),
        ("issue", "Pas de parc de smartphones pour la recette"),
    ]),
    (416, 2, 4, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Base de données sociales et reporting RH (effectifs, turnover, absentéisme) pour le bilan social et l'index égalité."),
        ("risk", "Chaque service RH tient ses propres fichiers Excel, les effectifs ne concordent pas"),
        ("risk", "Arrêts maladie (donnée de santé) : accès à restreindre, AIPD non réalisée"),
        ("report", "VABF prévue avec les RRH régionaux ; jeu de données anonymisé encore à construire."),
    ]),
    (417, 3, 1, "Cadrage", ["Conception", "Réalisation"], [
        ("description", "Source-to-contract suite (sourcing, contracts, supplier portal) shared by purchasing and supply chain; integrator RFP under way."),
        ("risk", "Purchasing and supply chain both claim to own the requirements"),
        ("risk", "Bidders offer a fixed price on a high-level scope"),
        ("risk", "No named consultants committed in the proposals"),
    ]),
    (418, 5, 2, "Exploitation", ["Clôture"], [
        ("description", "Migration des serveurs applicatifs vers le cloud public terminée ; stabilisation avant clôture du projet."),
        ("risk", "Facture cloud mensuelle 35 % au-dessus du prévisionnel"),
        ("risk", "Restauration des sauvegardes jamais essayée sur le nouvel environnement"),
        ("issue", "Comptes des consultants du prestataire de migration toujours actifs"),
    ]),
    (419, 2, 3, "Cadrage", ["Conception", "Réalisation", "Recette", "Déploiement"], [
        ("description", "Plateforme de recrutement : diffusion des offres, candidature en ligne, tests d'évaluation des candidats, intégration des nouveaux arrivants."),
        ("risk", "Tests de personnalité fournis par l'éditeur : pas de validation juridique"),
        ("risk", "Planning de référence sans aucune marge, mise en service imposée au 1er mars"),
        ("issue", "CV et données des candidats : durées de conservation non définies"),
    ]),
    (420, 5, 3, "Réalisation", ["Recette", "Déploiement", "Exploitation"], [
        ("description", "IT self-service portal with automated joiner/mover/leaver access requests, integrated with the directory."),
        ("risk", "Network and security engineers keep being pulled onto incidents, build tasks slip"),
        ("risk", "Status reported green for three months while the ETC keeps growing"),
        ("issue", "Shared test environment: other teams' releases break our test runs"),
        ("report", "Risk contingency 70% consumed; not yet presented to the steering committee."),
    ]),
]
# fmt: on

# The lessons a PMO would send to each project (labelled by hand, 82 pairs).
RELEVANT = {
    401: {101, 109, 115, 128, 16},
    402: {102, 110, 8, 13},
    403: {107, 9, 2, 18},
    404: {108, 14, 114, 30, 26},
    405: {105, 12, 120, 113, 7},
    406: {20, 127, 123},
    407: {109, 122, 6, 5, 26},
    408: {106, 121, 30},
    409: {1, 3, 22, 128, 18},
    410: {19, 7, 113},
    411: {129, 9, 29, 28},
    412: {119, 15, 112, 116},
    413: {126, 117, 118, 121},
    414: {128, 14, 1, 101, 30},
    415: {125, 104, 24, 23, 13},
    416: {127, 9, 2},
    417: {115, 104, 4, 16},
    418: {21, 111, 126},
    419: {130, 103, 9, 25},
    420: {120, 116, 112, 124},
}
