# ruff: noqa: E501  (the labelled texts read best on one line each)
"""A third development set for lesson routing (issue 13): lessons, live projects, labels.

Written on 2026-12-07 by the "route" helper so that the engine is not fitted on two sets
only. The helper knew the engine, so to keep the set honest: the lessons and projects were
written from PMO practice first, each project in a project manager's own words (rarely the
lesson's wording: "pas de chemin de retour", not "retour arrière"), and every project was
labelled with the lessons a PMO would really tell its manager to read, judged on its subject,
risks, issues, report and coming phases (sharing a domain or a type is not enough), before
the engine was run on the set. It is a DEVELOPMENT set: the engine's weights may be fitted on
it, so it says nothing about how the engine does on unseen data (the held-out sets do).

LESSONS is the first development set (bench_lessons_data, ids 1-30) followed by 30 new lessons
(ids 301-330), half in French. Like a real register, some share words but not the problem
(303: "non-régression" tests, not load tests; 318: a summer go-live, not a holiday planning
tool; 305: delivery of hardware, not deliveries to customers).
PROJECTS holds 15 live projects (ids 601-615); RELEVANT labels each with 3 to 5 lessons.
Domains: 1 finance, 2 HR, 3 supply chain, 4 customer, 5 IT operations. Types: 1 ERP /
package, 2 infrastructure, 3 application development, 4 data.
"""

from __future__ import annotations

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS

# (id, language, text, phase, domain, type)
# fmt: off
NEW_LESSONS = [
    (301, "fr", "Chiffrage initial sans hypothèses écrites. L'estimation de départ tenait sur une ligne ; quand le budget a été dépassé de 40 %, personne ne pouvait dire ce qui avait changé. Documenter les hypothèses de chaque estimation, donner une fourchette et la réviser à chaque jalon.", "Cadrage", None, None),
    (302, "en", "Heavy customisation of the ERP blocked its upgrades. Hundreds of specific developments were added to match the old screens; the first vendor upgrade cost as much as the project. Stay on the standard and send every gap to a design authority.", "Conception", 1, 1),
    (303, "fr", "Non-régression manuelle : chaque livraison coûtait trois semaines de tests. Les testeurs rejouaient à la main des centaines de scénarios, et les livraisons s'espaçaient. Automatiser les tests de non-régression dès les premiers sprints.", "Recette", None, 3),
    (304, "en", "App store review not planned. The mobile app was rejected twice by the store review a few days before the advertised launch date. Submit a first version weeks ahead and keep a buffer for the store's review.", "Déploiement", 4, 3),
    (305, "fr", "Délais de livraison du matériel sous-estimés. Les serveurs et les baies de stockage commandés au dernier moment sont arrivés avec quatre mois de retard à cause de la pénurie de composants. Passer les commandes de matériel dès la validation du budget.", "Réalisation", 5, 2),
    (306, "en", "New sponsor, old business case. The sponsor left halfway through the project; her successor did not share the objectives and froze the budget for two months. When the sponsor changes, re-present the business case and have it re-approved.", "Réalisation", None, None),
    (307, "fr", "Règles de paie connues des seuls gestionnaires. Les particularités des conventions collectives n'étaient écrites nulle part ; le paramétrage a été refait trois fois. Recenser et faire valider les règles de gestion de la paie avant le paramétrage.", "Conception", 2, 1),
    (308, "en", "Parallel payroll run without agreed tolerances. Old and new payslips were compared for three months, but nobody had defined which differences were acceptable, so the run never ended. Agree tolerance thresholds and who signs off each difference before the parallel run.", "Recette", 2, 1),
    (309, "fr", "Coupure de service non annoncée aux utilisateurs. L'intervention de nuit a débordé sur la matinée ; les agences n'avaient pas été prévenues et le centre de services a été submergé d'appels. Communiquer chaque interruption à l'avance et prévoir un message d'attente.", "Déploiement", 5, 2),
    (310, "en", "Handover to operations without a runbook. After closure the operations team had no procedures and escalated every alert to the former project developers. Write the runbook and train the operations team before handover.", "Exploitation", 5, 3),
    (311, "fr", "Accès aux données sources obtenus trop tard. Les propriétaires des bases de facturation ont mis trois mois à ouvrir les droits de lecture ; l'équipe data a attendu sans pouvoir travailler. Demander les accès aux systèmes sources dès le cadrage, avec l'appui du sponsor.", "Cadrage", 4, 4),
    (312, "en", "Customer journey never tested with customers. The screens were approved by internal stakeholders only; after launch, conversion was half the target. Test prototypes with real customers during design.", "Conception", 4, 3),
    (313, "fr", "Équipe éclatée sur trop de projets. Chaque développeur était affecté à 20 % sur quatre projets ; le changement de contexte permanent a ralenti tout le monde. Affecter les membres clés au moins à 80 % sur le projet.", "Réalisation", None, None),
    (314, "en", "No common process before the ERP. Each site kept its own way of working and asked for its own settings; the template fell apart. Agree a group process model with all sites before configuring.", "Cadrage", 3, 1),
    (315, "fr", "Tests de bout en bout oubliés entre WMS, TMS et ERP. Chaque application avait été testée seule ; au démarrage les commandes restaient bloquées entre deux systèmes. Prévoir une campagne de tests de bout en bout, de la commande à la livraison.", "Recette", 3, 1),
    (316, "en", "Firewall changes on the critical path. Every network flow required a security change request with a three-week lead time, which paced the whole build. List the flows early and request the firewall openings in batches.", "Réalisation", 5, 2),
    (317, "fr", "Retour d'expérience reporté puis oublié. Le REX, prévu « après la stabilisation », n'a jamais eu lieu : l'équipe était déjà dispersée. Organiser le retour d'expérience dans le mois qui suit la mise en service.", "Clôture", None, None),
    (318, "en", "Go-live in the middle of the summer holidays. Half of the key users and of the support team were away; issues waited for weeks. Avoid holiday periods for go-live, or plan the support rota first.", "Déploiement", None, None),
    (319, "fr", "Entrepôt de données alimenté en agrégats seulement. Seuls les totaux mensuels étaient chargés ; impossible ensuite d'analyser par client ou par produit. Conserver le niveau de détail le plus fin dans l'entrepôt.", "Conception", 1, 4),
    (320, "en", "Personal data copied in clear text into the analytics platform. The security audit found names and e-mail addresses readable by every analyst. Pseudonymise personal data at ingestion and restrict access to the keys.", "Réalisation", 4, 4),
    (321, "fr", "Fin de support de l'éditeur anticipée trop tard. La date de fin de maintenance du système d'exploitation était connue, mais le projet de renouvellement a démarré six mois avant ; des serveurs sont restés sans correctifs de sécurité. Lancer les renouvellements au moins dix-huit mois avant la fin de support.", "Cadrage", 5, 2),
    (322, "en", "Defect backlog without business priorities. Hundreds of defects were all marked high; the developers fixed the easy ones first and blocking ones waited. Triage defects daily with the business owner using agreed severity rules.", "Recette", None, 3),
    (323, "fr", "Stock initial faux au démarrage du WMS. Les quantités reprises de l'ancien système n'avaient pas été recomptées ; les préparateurs cherchaient des articles introuvables. Faire un inventaire physique complet juste avant la bascule.", "Déploiement", 3, 1),
    (324, "en", "Steering committee drowned in detail. Forty-slide packs were read aloud and no decision was taken for three meetings. Send a one-page dashboard and list the decisions expected at the top.", "Réalisation", None, None),
    (325, "fr", "Arrivées et départs non synchronisés avec l'annuaire. Le SIRH ne transmettait pas les départs ; des comptes informatiques d'anciens salariés sont restés actifs. Prévoir l'interface SIRH vers l'annuaire dès la conception.", "Conception", 2, 3),
    (326, "en", "Hypercare stopped before the first month-end close. The integrator left two weeks after go-live; the first closing failed without them. Keep hypercare until the first month-end close has been done in the new system.", "Déploiement", 1, 1),
    (327, "fr", "Accessibilité numérique traitée à la fin. L'audit RGAA fait après la mise en ligne a relevé soixante non-conformités et imposé des reprises coûteuses. Intégrer les critères d'accessibilité dès les maquettes et tester avec des lecteurs d'écran.", "Conception", 4, 3),
    (328, "en", "Supplier paid on dates, not on accepted deliverables. Milestone payments were due on calendar dates; the vendor was fully paid while two deliverables were still failing acceptance. Tie each payment to the acceptance of a deliverable in the contract.", "Cadrage", None, None),
    (329, "fr", "Application de tournée sans mode hors connexion. Dans les zones blanches, les livreurs ne pouvaient plus valider leurs livraisons et ressaisissaient tout le soir. Concevoir les applications de terrain pour fonctionner sans réseau.", "Conception", 3, 3),
    (330, "en", "Duplicate customers loaded into the new CRM. Records from the branches were migrated as they were; agents saw two or three records per customer. Deduplicate and merge customer records before the migration.", "Réalisation", 4, 1),
]
# fmt: on

LESSONS = DEV_LESSONS + NEW_LESSONS

# (id, domain, type, current phase, upcoming phases, [(source, text)])
# fmt: off
PROJECTS = [
    (601, 2, 1, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "SIRH intégré pour les douze filiales : gestion administrative, paie et absences."),
        ("risk", "Les spécificités de la convention collective ne sont connues que des gestionnaires de paie, rien n'est formalisé"),
        ("risk", "Trois mois de double paie prévus, sans seuil d'écart acceptable défini"),
        ("issue", "Échanges avec la comptabilité et le logiciel de gestion des temps pas encore listés"),
        ("report", "Démarrage visé début août pour profiter de la période creuse."),
    ]),
    (602, 3, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Roll-out of a transport management system linked to the warehouse system and the ERP for outbound shipments."),
        ("risk", "Each system team tests its own piece; nobody owns the order-to-delivery scenario"),
        ("risk", "Opening stock in the new warehouse system will come from a spreadsheet count done last spring"),
        ("report", "The three depots are planned to go live on the same weekend."),
    ]),
    (603, 5, 2, "Cadrage", ["Conception", "Réalisation", "Déploiement"], [
        ("description", "Remplacement des serveurs Windows 2012 des applications de gestion."),
        ("risk", "Microsoft ne publiera plus de correctifs de sécurité dans neuf mois"),
        ("risk", "Le constructeur annonce seize semaines pour livrer les nouveaux serveurs"),
        ("risk", "Chaque application demande des ouvertures de ports à l'équipe sécurité"),
        ("report", "Les agences ne savent pas encore qu'il y aura des interruptions le week-end."),
    ]),
    (604, 4, 3, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "New mobile app for loyalty members: digital card, personal offers, in-store scanning."),
        ("risk", "Screens designed by the agency and never shown to actual shoppers"),
        ("risk", "Submission to Apple and Google planned two days before the marketing launch"),
        ("risk", "An association of visually impaired customers asked whether the app will work with screen readers"),
        ("issue", "Test plan relies on iOS simulators only"),
    ]),
    (605, 1, 4, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Datamart de rentabilité client pour la direction financière."),
        ("risk", "Le datamart ne charge que des totaux par mois et par agence, les contrôleurs veulent descendre au client"),
        ("risk", "Lecture des bases de facturation demandée il y a deux mois, toujours pas ouverte"),
        ("report", "Maquettes des écrans de pilotage pas encore validées par la DAF ; chacun calcule la marge à sa façon."),
    ]),
    (606, 5, 3, "Exploitation", ["Clôture"], [
        ("description", "Internal app for reporting safety incidents in the plants, live since September."),
        ("risk", "Operations never received written procedures; the two project developers still answer every alert"),
        ("issue", "Contractor's final invoice due although two deliverables have not passed acceptance"),
        ("report", "Lessons-learned session not scheduled yet; half of the team already moved to other projects."),
    ]),
    (607, 2, 3, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Portail d'accueil des nouveaux arrivants : comptes informatiques, matériel et parcours d'intégration créés automatiquement."),
        ("risk", "Les sorties saisies dans le SIRH ne ferment pas les comptes informatiques"),
        ("risk", "Mise en service prévue mi-août, la moitié des équipes RH en congés"),
        ("risk", "Jeux d'essai construits à partir de vraies fiches salariés"),
        ("issue", "180 tickets ouverts en recette technique, tous classés bloquants"),
    ]),
    (608, 1, 1, "Déploiement", ["Exploitation", "Clôture"], [
        ("description", "Go-live of the new general ledger and accounts payable modules."),
        ("risk", "The integrator's post-go-live support ends two weeks after go-live, before the first month-end close"),
        ("risk", "Accountants keep asking for their old reports and workarounds"),
        ("report", "Many users only attended a one-hour demo; key users went back to their day jobs right after go-live."),
    ]),
    (609, 3, 3, "Cadrage", ["Conception", "Réalisation", "Recette"], [
        ("description", "Application de preuve de livraison pour les chauffeurs : signature, photos, scan des colis."),
        ("risk", "Beaucoup de tournées en zone rurale sans couverture 4G"),
        ("risk", "Les chauffeurs utilisent des smartphones de marques et de modèles très divers"),
        ("risk", "Développement confié au forfait à une société basée au Maroc"),
    ]),
    (610, 4, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Migration de la base clients vers le nouveau CRM du service client."),
        ("risk", "Un même client existe deux ou trois fois dans les fichiers des agences"),
        ("risk", "Chargement de l'historique des contacts jamais essayé en volume réel"),
        ("issue", "Les superviseurs du plateau, pris par l'activité, ne valident pas les scénarios de VABF"),
    ]),
    (611, 5, 2, "Réalisation", ["Déploiement", "Exploitation"], [
        ("description", "Move of the primary data centre to a colocation site: 400 servers in six move groups."),
        ("risk", "Each move group gets one Saturday night and there is no tested way back"),
        ("risk", "Branch offices have not been told about the outage windows"),
        ("issue", "Every network change waits three weeks for the security team's approval"),
    ]),
    (612, 1, 3, "Cadrage", ["Conception", "Réalisation"], [
        ("description", "Outil de gestion des notes de frais en remplacement des formulaires papier."),
        ("risk", "Estimation faite en une réunion, sans hypothèses écrites"),
        ("risk", "Le DAF, sponsor du projet, quitte le groupe en juin"),
        ("risk", "Les deux développeurs sont partagés avec trois autres projets"),
        ("report", "Premier COPIL : 35 transparents présentés, aucune décision prise."),
    ]),
    (613, 3, 1, "Cadrage", ["Conception", "Réalisation", "Déploiement"], [
        ("description", "One ERP for the five production plants, replacing their local systems."),
        ("risk", "Every plant manager wants to keep their own way of planning production"),
        ("risk", "The integrator's proposal includes 60% specific developments"),
        ("risk", "Internal experts also run the plants day to day"),
        ("report", "Management wants all five plants live within the same quarter."),
    ]),
    (614, 4, 3, "Recette", ["Déploiement"], [
        ("description", "Refonte du site de prise de rendez-vous en ligne des clients."),
        ("risk", "Chaque livraison demande trois semaines de tests rejoués à la main"),
        ("risk", "Audit d'accessibilité programmé après l'ouverture du site"),
        ("risk", "Aucun essai de tenue en charge avant la campagne publicitaire télévisée"),
    ]),
    (615, 4, 4, "Cadrage", ["Conception", "Réalisation"], [
        ("description", "Customer analytics lake: web clickstream and purchase history for the marketing team."),
        ("risk", "Names and e-mail addresses would land in clear text in the lake"),
        ("risk", "Owners of the source systems have not granted read access yet"),
        ("risk", "No data architect hired so far"),
        ("issue", "Nobody owns the customer master record"),
    ]),
]
# fmt: on

# The lessons a PMO would send to each project (labelled by hand, 57 pairs).
RELEVANT = {
    601: {307, 308, 18, 318},
    602: {315, 323, 30},
    603: {321, 305, 316, 309},
    604: {312, 304, 327, 23},
    605: {319, 311, 20},
    606: {310, 317, 328},
    607: {325, 318, 2, 322},
    608: {326, 5, 14},
    609: {329, 23, 24},
    610: {330, 22, 3, 11, 1},
    611: {7, 19, 309, 316},
    612: {301, 306, 313, 324, 16},
    613: {314, 302, 17, 30},
    614: {303, 327, 8},
    615: {320, 311, 28, 29, 9},
}
