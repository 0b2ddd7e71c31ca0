# ruff: noqa: E501  (the labelled texts read best on one line each)
"""The held-out evaluation set of lesson routing (issue 13, done-when 1).

Written on 2026-12-06 by the "labeller" helper, acting as an independent PMO expert, without
opening or running the routing engine, its services or the bench: the labels come from PMO
judgement only, so the routing was not tuned on them.

LESSONS holds the 30 lessons of the development set (bench_lessons_data) plus 15 new ones
(ids 31-45); PROJECTS holds 12 new live projects (ids 201-212) written as a project manager
writes them (own vocabulary, not the lessons' wording). RELEVANT lists, for each project, the
lessons a PMO would really tell its manager to read, given the project's subject, risks and
coming phases; sharing a domain or a type is not enough.
Domains: 1 finance, 2 HR, 3 supply chain, 4 customer, 5 IT operations. Types: 1 ERP /
package, 2 infrastructure, 3 application development, 4 data.
"""

from __future__ import annotations

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS

# (id, language, text, phase, domain, type)
NEW_LESSONS = [
    (
        31,
        "fr",
        "Revues de passage sans critères go/no-go. Les jalons de décision étaient franchis à date fixe, sans critères écrits ; la recette a commencé avec des spécifications encore ouvertes. Fixer les critères de passage de chaque jalon dès le cadrage.",
        "Cadrage",
        None,
        None,
    ),
    (
        32,
        "fr",
        "Éditeur SaaS : réversibilité non négociée. En fin de contrat, l'export des données dans un format exploitable a été facturé en supplément et a pris quatre mois. Inscrire une clause de réversibilité au contrat et tester l'export avant de signer.",
        "Cadrage",
        4,
        1,
    ),
    (
        33,
        "fr",
        "Anciens outils conservés en parallèle après le démarrage. Les gestionnaires ont continué à tenir leurs fichiers Excel à côté du nouvel outil, les chiffres divergeaient. Revoir les processus avec eux et retirer les anciens outils à la date de démarrage.",
        "Déploiement",
        2,
        1,
    ),
    (
        34,
        "en",
        "Batch window overrun after go-live. Once real volumes arrived, the nightly interfaces and closing jobs no longer fitted in the batch window. Test the whole batch chain with production volumes before go-live.",
        "Recette",
        1,
        1,
    ),
    (
        35,
        "fr",
        "Comptes à privilèges non maîtrisés après la migration. Des comptes d'administration génériques, partagés entre plusieurs prestataires, sont restés actifs sur les nouveaux serveurs. Passer par un bastion et revoir les habilitations avant la mise en production.",
        "Déploiement",
        5,
        2,
    ),
    (
        36,
        "fr",
        "Départ du chef de projet en pleine réalisation. Aucun adjoint n'avait été désigné ; son remplaçant a mis trois mois à reprendre les sujets en cours. Nommer un adjoint et tenir à jour le relevé de décisions.",
        "Réalisation",
        None,
        None,
    ),
    (
        37,
        "en",
        "Contingency reserve consumed silently. The project reserve was spent on small scope additions without steering committee approval, leaving nothing when the real overrun came. Track the reserve separately and make every draw a steering committee decision.",
        "Réalisation",
        None,
        None,
    ),
    (
        38,
        "fr",
        "Reprise des données clients : doublons non traités. Le nouveau CRM a démarré avec 30 % de fiches en double et les commerciaux ont perdu confiance dans l'outil. Dédoublonner et faire valider les règles de fusion par les métiers avant la reprise.",
        "Réalisation",
        4,
        1,
    ),
    (
        39,
        "fr",
        "Supervision absente au démarrage. Les nouveaux serveurs n'avaient pas été raccordés à la supervision ; la première panne a été signalée par les utilisateurs. Faire de la supervision et des consignes d'exploitation un critère de mise en production.",
        "Déploiement",
        5,
        2,
    ),
    (
        40,
        "en",
        "Long lead times on network and hardware orders. Switches and handheld scanners ordered after the design arrived eleven weeks later and pushed back the site rollouts. Order long-lead equipment as soon as the design is frozen.",
        "Conception",
        3,
        2,
    ),
    (
        41,
        "fr",
        "Passage en exploitation mal préparé. L'équipe projet a été dissoute à la mise en production sans transfert de compétences au support ; les incidents se sont accumulés. Prévoir une période de garantie et un transfert formalisé aux équipes d'exploitation.",
        "Exploitation",
        5,
        3,
    ),
    (
        42,
        "fr",
        "Bénéfices attendus jamais mesurés. À la clôture, personne n'avait relevé les indicateurs de départ : impossible de démontrer les gains promis par le dossier d'opportunité. Mesurer la situation de référence au cadrage et nommer un responsable des bénéfices.",
        "Clôture",
        3,
        1,
    ),
    (
        43,
        "en",
        "Production data copied into test environments. Full customer records were copied to the test platform without masking, which the data protection officer reported as a breach. Mask or generate the data of every non-production environment.",
        "Conception",
        4,
        4,
    ),
    (
        44,
        "fr",
        "Dépendance à un autre projet non suivie. Le référentiel fournisseurs dont dépendait le projet a glissé de trois mois sans que le COPIL en soit informé. Tenir un registre des dépendances entre projets, revu à chaque COPIL.",
        "Conception",
        3,
        1,
    ),
    (
        45,
        "en",
        "Accessibility requirements discovered at acceptance. The public web forms failed the accessibility audit a month before launch and had to be redesigned. Write accessibility criteria into the design and test them in every sprint.",
        "Conception",
        4,
        3,
    ),
]

LESSONS = DEV_LESSONS + NEW_LESSONS

# (id, domain, type, current phase, upcoming phases, [(source, text)])
PROJECTS = [
    (
        201,
        1,
        1,
        "Conception",
        ["Réalisation", "Recette", "Déploiement"],
        [
            (
                "description",
                "Refonte du processus achats-règlements dans le progiciel de gestion : factures fournisseurs dématérialisées, circuit de validation, reprise des fournisseurs actifs et des factures en cours.",
            ),
            (
                "risk",
                "Forte adhérence avec le programme Référentiel tiers, dont la livraison n'est toujours pas datée",
            ),
            (
                "issue",
                "Fichier fournisseurs actuel : nombreux tiers créés plusieurs fois, RIB obsolètes",
            ),
            (
                "risk",
                "L'équipe comptabilité fournisseurs sera absorbée par la clôture annuelle au moment des tests utilisateurs",
            ),
        ],
    ),
    (
        202,
        2,
        1,
        "Réalisation",
        ["Recette", "Déploiement"],
        [
            (
                "description",
                "Solution SaaS de gestion des temps et des activités pour 4 000 salariés, en remplacement des badgeuses et des tableurs tenus par chaque service.",
            ),
            (
                "risk",
                "Double saisie probable : les gestionnaires de temps pourraient garder leurs tableurs maison après le démarrage",
            ),
            (
                "risk",
                "Transmission des éléments variables (heures supplémentaires, astreintes) vers le logiciel de paie encore à spécifier",
            ),
            (
                "report",
                "Paramétrage des règles d'accords d'entreprise à 70 %. Aucun support de formation commencé ; pas de référents identifiés dans les services à ce jour.",
            ),
        ],
    ),
    (
        203,
        5,
        2,
        "Conception",
        ["Réalisation", "Déploiement", "Exploitation"],
        [
            (
                "description",
                "Consolidation of three regional server rooms into the group's colocation facility: 180 virtual machines and the ERP database.",
            ),
            (
                "risk",
                "Moving the ERP database may not fit in a single weekend outage, and no fallback scenario is written yet",
            ),
            ("issue", "The three outsourcers share generic admin logins on the legacy servers"),
            ("risk", "Run team not involved so far; alerting tool for the new site not chosen"),
        ],
    ),
    (
        204,
        4,
        1,
        "Cadrage",
        ["Conception", "Réalisation", "Recette", "Déploiement"],
        [
            (
                "description",
                "Remplacement de l'outil de gestion de la relation client par une solution SaaS pour 300 commerciaux et le service client ; les équipes terrain sont historiquement réticentes à saisir dans les outils.",
            ),
            ("risk", "Base clients : beaucoup de comptes créés en double par les agences"),
            (
                "risk",
                "Le projet de contrat de l'éditeur ne dit rien de la restitution des données en fin d'abonnement",
            ),
            ("risk", "Nombre d'accès à acheter incertain (commerciaux saisonniers, partenaires)"),
            (
                "report",
                "Note de cadrage en relecture. Le directeur commercial, sponsor du projet, a manqué les deux derniers comités : le choix de l'éditeur attend toujours son arbitrage.",
            ),
        ],
    ),
    (
        205,
        4,
        3,
        "Réalisation",
        ["Recette", "Déploiement"],
        [
            (
                "description",
                "New public website for online insurance quotes and claims, built in-house by an agile team; most visitors are expected on smartphones.",
            ),
            ("risk", "Legal accessibility audit required before launch"),
            ("risk", "Traffic spikes expected right after the TV campaign"),
            ("risk", "Penetration test booked one week before launch"),
            (
                "report",
                "Sprint 6 closed. The product owner keeps adding marketing requests to the backlog without re-planning; velocity is falling.",
            ),
        ],
    ),
    (
        206,
        3,
        2,
        "Conception",
        ["Réalisation", "Déploiement"],
        [
            (
                "description",
                "Couverture Wi-Fi et terminaux de scan pour les neuf plateformes logistiques, préalable au nouveau WMS.",
            ),
            (
                "risk",
                "Le constructeur annonce douze semaines de délai pour les bornes et les scanners",
            ),
            (
                "risk",
                "Basculer le réseau des neuf plateformes en dix semaines avant le pic de fin d'année, sans interrompre les expéditions",
            ),
            (
                "issue",
                "Contrat de maintenance du prestataire réseau signé sans engagement sur les délais d'intervention",
            ),
        ],
    ),
    (
        207,
        1,
        4,
        "Conception",
        ["Réalisation", "Recette"],
        [
            (
                "description",
                "Plateforme de données du contrôle de gestion : automatisation du reporting mensuel et calcul des marges par client et par famille de produits.",
            ),
            (
                "risk",
                "Les extractions de la comptabilité client, nominatives, seront copiées telles quelles sur l'environnement de développement",
            ),
            ("risk", "Référentiel produits sans responsable désigné, codes familles incomplets"),
            (
                "report",
                "Maquettes des tableaux de bord présentées au contrôle de gestion : pas d'accord sur la définition de la marge ni sur les axes d'analyse.",
            ),
        ],
    ),
    (
        208,
        2,
        4,
        "Cadrage",
        ["Conception", "Réalisation"],
        [
            (
                "description",
                "People analytics: a workforce planning model combining headcount, skills and attrition for the HR business partners. The business case promises 10% less temporary staffing, but today's spend per site has never been measured.",
            ),
            (
                "risk",
                "Sensitive employee data (sick leave, disability) will be used; copies for the developers are not decided yet",
            ),
            ("risk", "No data architect on the team: two analysts on loan from finance"),
            ("issue", "HR business partners have not said which questions the model should answer"),
        ],
    ),
    (
        209,
        5,
        3,
        "Réalisation",
        ["Recette", "Déploiement", "Exploitation"],
        [
            (
                "description",
                "Refonte de l'outil maison de gestion des incidents et des demandes, développée par un centre de services nearshore.",
            ),
            (
                "issue",
                "Beaucoup de régressions dans le code livré par le centre de services au dernier sprint",
            ),
            (
                "risk",
                "Le chef de projet part en mobilité interne en mars, aucun successeur identifié",
            ),
            ("risk", "Reprise de l'application par le support de niveau 2 non planifiée"),
            (
                "report",
                "Glissement de trois semaines. La provision pour aléas a déjà financé des évolutions demandées par le support, hors COPIL. La direction veut maintenir la date d'entrée en recette même si des lots restent ouverts.",
            ),
        ],
    ),
    (
        210,
        3,
        1,
        "Déploiement",
        ["Exploitation", "Clôture"],
        [
            (
                "description",
                "Déploiement de l'outil de planification de la demande et des approvisionnements dans les cinq filiales européennes.",
            ),
            (
                "risk",
                "Les planificateurs des filiales risquent de continuer sur leurs classeurs Excel",
            ),
            (
                "risk",
                "Calendrier : cinq filiales en trois mois avec une équipe de quatre personnes",
            ),
            (
                "issue",
                "Baisse des stocks promise dans le dossier d'opportunité : rien n'est prévu pour la mesurer",
            ),
            (
                "report",
                "Filiale pilote (Espagne) démarrée. Les responsables supply du site, formés en premier, ont bien relayé auprès de leurs équipes.",
            ),
        ],
    ),
    (
        211,
        1,
        2,
        "Cadrage",
        ["Conception", "Réalisation", "Déploiement", "Exploitation"],
        [
            (
                "description",
                "Move the treasury and payments platform to a private cloud landing zone, with a disaster recovery site.",
            ),
            (
                "risk",
                "The hosting provider's draft contract has no availability commitment, and its staff would hold admin rights on the payment servers",
            ),
            (
                "risk",
                "Run costs estimated for production only: no pre-production, recovery or training environments",
            ),
            ("risk", "End-of-day payment runs must finish before the bank cut-off at 6 am"),
        ],
    ),
    (
        212,
        2,
        3,
        "Recette",
        ["Déploiement", "Exploitation"],
        [
            (
                "description",
                "Portail de recrutement développé en interne (candidatures en ligne, suivi des candidats par les recruteurs), en remplacement d'un outil tiers en fin de contrat.",
            ),
            (
                "risk",
                "Les recruteurs, en pleine campagne d'alternance, ont peu de temps à consacrer aux tests",
            ),
            (
                "risk",
                "Durées de conservation des CV non fixées ; le DPO n'a pas encore été consulté",
            ),
            (
                "report",
                "Recette fonctionnelle à 40 %. Les CV de test sont des copies de vraies candidatures. L'éditeur de l'ancien outil facture l'export des candidatures et annonce plusieurs semaines de délai.",
            ),
        ],
    ),
]

# The lessons a PMO would send to each project (labelled by hand, 60 pairs).
RELEVANT = {
    201: {44, 38, 3, 22, 1},
    202: {33, 18, 14, 26, 5},
    203: {7, 19, 35, 39, 41},
    204: {38, 32, 6, 5, 16},
    205: {45, 8, 13, 15, 23},
    206: {40, 19, 30, 12},
    207: {43, 2, 29, 10, 20},
    208: {9, 43, 28, 20, 42},
    209: {24, 36, 41, 37, 15, 31},
    210: {33, 30, 42, 26},
    211: {12, 35, 27, 21, 34},
    212: {1, 11, 25, 9, 43, 32},
}
