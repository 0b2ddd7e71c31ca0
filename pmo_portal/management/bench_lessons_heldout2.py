# ruff: noqa: E501  (the labelled texts read best on one line each)
"""A second held-out evaluation set of lesson routing (issue 13, done-when 1).

Written on 2026-12-07 by the "labeller-2" helper acting as an independent PMO expert, without
opening or running the routing engine, its services, the bench or the other labelled sets (only
bench_lessons_data.py was read, for the 30 lessons and the data format).

LESSONS holds the 30 development lessons (ids 1-30) plus 20 new lessons (ids 701-720, 12 in
French and 8 in English, 6 transversal), on topics not covered by the first 30 (tendering,
dependencies between projects, benefits tracking, accounting close, handover to the run team,
accessibility, consent, EDI partners, estimation, open-source licences, training timing, radio
coverage, reconciliation, reversibility, restore tests, payment providers, status reporting,
works council, decommissioning, equipment disposal). A few of them are traps: they share
striking words with some project ("licence", "clôture", "entrepôt", "reconciliation",
"paiement") but deal with a different problem.
PROJECTS holds 15 live projects (ids 801-815, 10 in French and 5 in English), written the way
project managers write in the portal: one description, two or three risks or issues, and
sometimes a short status report.
RELEVANT maps each project to the lessons a PMO would really tell its manager to read now,
judged on the project's subject, its risks, issues and report, and its coming phases.
Domains: 1 finance, 2 HR, 3 supply chain, 4 customer, 5 IT operations (None = transversal).
Types: 1 ERP / package, 2 infrastructure, 3 application development, 4 data (None = any type).
"""

from __future__ import annotations

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS

# fmt: off
# (id, language, text, phase, domain, type)
NEW_LESSONS = [
    (701, "fr", "Appel d'offres rédigé autour de l'outil existant. Le cahier des charges décrivait les écrans de l'ancien logiciel et la grille de notation a été construite après réception des offres : les éditeurs ont répondu à côté et le choix a été contesté. Exprimer les besoins en scénarios métier, figer une grille pondérée avant l'ouverture des plis et faire jouer les scénarios en soutenance.", "Cadrage", None, None),
    (702, "fr", "Dépendance à un autre projet non suivie. Notre application attendait une API livrée par un autre projet du portefeuille ; son retard de trois mois n'a été connu qu'en recette. Tenir un registre des dépendances entre projets, avec des dates d'engagement, revu en comité de portefeuille.", "Réalisation", None, None),
    (703, "en", "Benefits never measured after go-live. The business case promised savings, but no baseline was taken and nobody was in charge of measuring them once the project closed. Name a benefits owner, measure the baseline before go-live and review the benefits six months after closure.", "Clôture", None, None),
    (704, "fr", "Mise en production comptable en pleine clôture. La bascule du progiciel financier, fixée au premier jour ouvré du mois, a percuté la clôture mensuelle : écritures en double et comptables indisponibles. Fixer la date de bascule avec la direction financière hors des périodes de clôture et prévoir la reprise des soldes d'ouverture.", "Déploiement", 1, 1),
    (705, "en", "Go-live without handover to the run team. After the infrastructure migration the support team had no runbooks and monitoring was not configured, so the project team handled incidents for months. Define operational acceptance criteria (runbooks, monitoring, support contacts) and get the run team's sign-off before go-live.", "Déploiement", 5, 2),
    (706, "fr", "Accessibilité numérique oubliée. L'audit RGAA réalisé après la mise en ligne du portail collaborateurs a imposé de refaire les formulaires et la navigation au clavier. Inscrire les critères d'accessibilité dans les maquettes et les tester en recette avec un lecteur d'écran.", "Conception", 2, 3),
    (707, "fr", "Consentements clients perdus lors d'une fusion de bases. L'origine et la date des consentements marketing n'ont pas été reprises ; le DPO a suspendu les campagnes pendant deux mois. Modéliser la preuve du consentement dans le nouveau référentiel client et faire valider les règles de reprise par le DPO.", "Conception", 4, 4),
    (708, "en", "Trading partners not ready for EDI tests. Carriers and suppliers needed six weeks to certify their EDI messages, which blocked end-to-end testing. Contact partners at design, agree a test calendar with each of them and track their certification like a deliverable.", "Recette", 3, 1),
    (709, "fr", "Chiffrage sans hypothèses écrites. L'estimation de l'intégrateur tenait en un total de jours sans hypothèses de périmètre ; le projet a dérivé de 40 % sans que l'écart puisse être discuté. Exiger un chiffrage détaillé avec ses hypothèses, une estimation en trois points et une provision pour risques, révisés à chaque fin de phase.", "Cadrage", None, None),
    (710, "en", "Open-source licence discovered just before release. A component under a copyleft licence was embedded in the app and the legal review forced its replacement two weeks before release. Scan third-party components from the first sprint and keep the list of their licences up to date.", "Réalisation", 4, 3),
    (711, "fr", "Formation trop tôt pour des utilisateurs occasionnels. Les managers, formés trois mois avant la campagne d'entretiens annuels, avaient tout oublié le jour J et ont saturé le support. Former les utilisateurs occasionnels juste avant l'usage et leur fournir une aide en ligne dans l'outil.", "Déploiement", 2, 1),
    (712, "fr", "Couverture radio des entrepôts non mesurée. Les terminaux de scan perdaient la connexion dans les allées hautes et en chambre froide, ce qui a bloqué les préparations. Faire réaliser une étude de couverture radio sur site avant de commander les bornes et les terminaux.", "Conception", 3, 2),
    (713, "en", "Dashboard figures did not match the ledger. The management reports showed amounts that differed from the general ledger and the controllers stopped using them. Build automated reconciliation checks against the accounting balances and have controllers validate them before user acceptance.", "Recette", 1, 4),
    (714, "fr", "Contrat SaaS sans réversibilité. À la fin du contrat, l'éditeur a facturé l'export des données et ne l'a fourni que dans un format propriétaire. Négocier dès l'achat une clause de réversibilité (format d'export, délais, coûts) et tester un export pendant la recette.", "Cadrage", None, 1),
    (715, "en", "Backups that could not be restored. Backups had run every night for a year, but the first real restore failed after a disk crash. Include restore tests in acceptance and repeat them every quarter with the run team.", "Exploitation", 5, 2),
    (716, "fr", "Paiement testé uniquement sur le bac à sable du prestataire. L'environnement de test du prestataire de paiement ne reproduisait pas l'authentification forte ; les premiers paiements réels ont échoué le jour du lancement. Prévoir un pilote en production avec de vraies transactions de faible montant avant l'ouverture à tous.", "Recette", 4, 3),
    (717, "fr", "Météo verte jusqu'au dérapage. Les rapports d'avancement, purement déclaratifs, sont restés verts jusqu'à l'annonce d'un retard de quatre mois. Appuyer la météo sur des indicateurs factuels (jalons tenus, anomalies ouvertes, consommé contre reste à faire) et fixer une règle d'escalade.", "Réalisation", None, None),
    (718, "en", "Works council consulted too late. The new tool recorded employees' working times, and the works council (CSE), informed a month before go-live, obtained a two-month postponement. Inform and consult the works council at scoping whenever a tool processes or monitors employee data.", "Cadrage", 2, None),
    (719, "fr", "Décommissionnement de l'ancien système non planifié. L'ancienne application est restée en service dix-huit mois après la bascule, avec une double maintenance et des licences payées deux fois. Faire du décommissionnement un livrable du projet, avec une date, un budget et l'archivage des données à conserver.", "Clôture", 5, None),
    (720, "en", "Old equipment removed without a disposal plan. Replaced PCs piled up in storage with unerased disks and no certified recycler. Put certified data erasure and WEEE recycling, with certificates, in the supplier contract before the rollout starts.", "Déploiement", 5, 2),
]

LESSONS = DEV_LESSONS + NEW_LESSONS

# (id, domain, type, current phase, upcoming phases, texts)
PROJECTS = [
    (801, 1, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Programme Finance lot 2 : passage de la compta fournisseurs et de la tréso de l'AS400 sur S/4HANA, avec reprise des encours et des soldes."),
        ("risk", "Les référents compta seront pris par la clôture annuelle début janvier, pile au démarrage de la VABF."),
        ("issue", "MEP au 01/02 pas encore validée par la DAF ; personne ne sait jusqu'à quand l'AS400 doit tourner en parallèle."),
        ("report", "Météo orange. Paramétrage à 80 %, flux banques en retard, premier test de reprise prévu S49."),
    ]),
    (802, 4, 3, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "Online booking of workshop appointments on the customer website, with a deposit paid online through our PSP."),
        ("risk", "PSP sandbox doesn't handle the 3DS2 challenge flows the way prod does."),
        ("risk", "Front-end built by a nearshore agency in Porto, user stories still very high level."),
        ("issue", "Marketing wants the site compliant with the European Accessibility Act, nobody has checked our design system."),
    ]),
    (803, 2, 1, "Cadrage", ["Conception", "Réalisation", "Recette", "Déploiement"], [
        ("description", "Choix d'une solution SaaS de GTA (badgeuses, plannings, compteurs) pour les 1 200 opérateurs des 4 usines, avec export des variables vers la paie."),
        ("risk", "CDC de l'AO recopié sur les écrans de l'outil actuel ; 5 éditeurs consultés, réponses attendues le 15/01."),
        ("risk", "Le CSE n'est pas encore au courant du badgeage des pauses."),
        ("issue", "Le contrat type de l'éditeur pressenti ne dit rien sur la récupération de nos données en fin de contrat."),
    ]),
    (804, 3, 1, "Réalisation", ["Recette", "Déploiement"], [
        ("description", "Mise en place du TMS : planif des tournées au départ des quais des 3 entrepôts et échanges avec les 14 transporteurs."),
        ("risk", "Messages EDI IFTMIN / IFTSTA : 3 transporteurs sur 14 ont répondu pour les tests."),
        ("issue", "Le flux colisage doit venir du nouveau WMS, dont la livraison a glissé de 6 semaines ; le COPIL n'en sait rien."),
        ("report", "Météo verte. Pas encore de jeux de données transporteurs pour la recette qui démarre en février."),
    ]),
    (805, 5, 2, "Réalisation", ["Déploiement", "Exploitation"], [
        ("description", "Transfer of on-prem backup and storage (NetApp, 400 TB) to a managed hosting provider, cutover over one weekend, with the new DRP."),
        ("risk", "N2 infra team not involved yet, the provider hasn't delivered a single runbook."),
        ("risk", "Acceptance plan has no restore test, only the backup job reports."),
        ("issue", "Contract signed without any penalty on RTO/RPO."),
    ]),
    (806, 1, 4, "Recette", ["Déploiement", "Exploitation"], [
        ("description", "Datamart frais généraux et tableaux de bord Power BI pour le contrôle de gestion."),
        ("risk", "Les CDG trouvent des écarts avec la balance générale sur 3 entités et ne font plus confiance aux chiffres."),
        ("risk", "Les référents CDG sont pris par le budget N+1 tout novembre, la recette avance peu."),
        ("report", "Recette à 40 %, 23 anos ouvertes dont 6 bloquantes."),
    ]),
    (807, 4, 4, "Conception", ["Réalisation", "Recette", "Déploiement"], [
        ("description", "Fusion des fichiers clients des deux enseignes dans Salesforce suite au rachat."),
        ("risk", "On ne sait pas d'où viennent les opt-in newsletter des clients de l'enseigne rachetée."),
        ("risk", "Environ 18 % de doublons estimés entre les deux fichiers, personne côté métier pour trancher les règles."),
        ("issue", "Le DPO demande à être associé, pas d'AIPD faite."),
    ]),
    (808, 2, 3, "Réalisation", ["Recette", "Déploiement", "Exploitation"], [
        ("description", "Employee self-service app (leave, expenses, annual review) for 4,000 staff, on shared kiosks in the plants and on personal phones."),
        ("risk", "PDF export relies on an AGPL library, legal hasn't looked at it."),
        ("risk", "The disabled employees' committee asked whether the app works with screen readers."),
        ("issue", "Annual review module only used by managers in January, but training is planned for October."),
    ]),
    (809, 3, 2, "Conception", ["Réalisation", "Déploiement"], [
        ("description", "Remplacement des terminaux RF et refonte du Wi-Fi des entrepôts de Lyon et Lille, prérequis du futur WMS."),
        ("risk", "Lille : zone froide et racks à 12 m, la couverture n'a jamais été mesurée."),
        ("risk", "Bascule des postes de quai prévue un week-end de soldes, pas de plan B."),
        ("issue", "300 vieux terminaux à sortir, aucune filière de reprise identifiée."),
    ]),
    (810, 5, 3, "Réalisation", ["Recette", "Déploiement", "Exploitation"], [
        ("description", "Refonte de l'outil de demandes d'habilitations (dév Java interne), qui remplace la base Lotus Notes."),
        ("risk", "On dépend de l'API annuaire du projet IAM, toujours sans date de livraison."),
        ("risk", "Pas de revue sécu prévue avant la MEP alors que l'outil gère les droits d'accès."),
        ("issue", "Chiffrage initial de 180 j consommé à 70 % pour 40 % du périmètre."),
        ("report", "Les demandes des RSSI régionaux sont prises au fil de l'eau, le backlog gonfle."),
    ]),
    (811, 1, 1, "Cadrage", ["Conception", "Réalisation", "Recette", "Déploiement"], [
        ("description", "Selection of a SaaS procure-to-pay suite: purchase requests, 3-way matching and reconciliation of supplier invoices, supplier payments, e-invoicing reform."),
        ("risk", "Licence quote based on 150 buyers, but every requester will need an account."),
        ("risk", "IT and Purchasing rank the three bidders differently, no agreed scoring grid."),
        ("issue", "Business case counts on 2 FTE saved in AP, no baseline measured."),
    ]),
    (812, 4, 3, "Recette", ["Déploiement", "Exploitation"], [
        ("description", "Appli fidélité iOS/Android : carte dématérialisée et cagnotte utilisable en caisse."),
        ("risk", "Lancement calé le 27/11, en plein Black Friday, avec une campagne push sur 800 k clients."),
        ("risk", "Paiement par cagnotte testé seulement sur le bac à sable du prestataire monétique."),
        ("issue", "Pentest programmé 10 jours avant le lancement."),
        ("report", "Recette à 70 %, tests faits sur émulateurs faute de téléphones."),
    ]),
    (813, 2, 4, "Cadrage", ["Conception", "Réalisation", "Recette"], [
        ("description", "Entrepôt de données RH groupe : effectifs, masse salariale, mobilité, pour le bilan social et l'index égalité."),
        ("risk", "Chaque filiale a sa propre définition de l'ETP et de l'effectif présent."),
        ("risk", "Le CSE central veut voir le projet avant tout traitement des données salariés."),
        ("issue", "Aucun responsable des données RH désigné dans les filiales."),
    ]),
    (814, 3, 1, "Déploiement", ["Exploitation", "Clôture"], [
        ("description", "Rollout of the purchasing & inventory ERP module to 9 distribution centres; wave 1 (pilot DC Orléans) live for 3 weeks."),
        ("risk", "Waves 2-4 planned back to back over 10 weeks with the same core team."),
        ("risk", "Orléans site managers call it 'HQ's tool', pickers still work from paper lists."),
        ("issue", "Suppliers don't send ASNs by EDI yet, goods receipts keyed manually."),
    ]),
    (815, 5, 2, "Exploitation", ["Clôture"], [
        ("description", "Renouvellement des 2 500 postes de travail (Windows 11) : fin du déploiement, bilan et passage en run."),
        ("risk", "Clôture du projet prévue le 15/12 alors que 180 postes restent à changer en agences."),
        ("issue", "Les anciens PC s'entassent au sous-sol, disques non effacés, pas de prestataire de reprise."),
        ("issue", "Le support N1 n'a pas les procédures de masterisation, transfert au run pas formalisé."),
        ("report", "Le gain annoncé (moins de tickets matériel) n'a pas été mesuré pour le bilan."),
    ]),
]

# The lessons a PMO would send to each project (labelled by hand, 67 pairs).
RELEVANT = {
    801: {1, 11, 3, 22, 704, 719},
    802: {716, 706, 24, 13},
    803: {701, 718, 714, 18, 9},
    804: {708, 702, 717, 2},
    805: {715, 705, 12, 7},
    806: {713, 1, 11},
    807: {707, 9, 3, 22, 10, 29},
    808: {710, 706, 711, 23, 2},
    809: {712, 19, 720},
    810: {702, 13, 709, 15, 719},
    811: {6, 701, 703, 714, 25},
    812: {8, 716, 13, 23},
    813: {20, 29, 718, 9, 2},
    814: {30, 26, 5, 708, 14},
    815: {720, 705, 703},
}
# fmt: on
