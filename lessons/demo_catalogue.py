"""What the lessons demo is made of (lessons/demo.py): lesson themes in French and in
English, each written once with placeholders and instantiated on several systems, domains and
past projects.

A theme: (category, phase, impact, domains, types, title, context, what happened,
recommendation, tags). Placeholders: ``{system}``, ``{weeks}``, ``{pct}``. Domain and type
codes are those of the portfolio demo (portfolios/demo.py).
"""

from __future__ import annotations

FR_SYSTEMS = [
    "le CRM",
    "l'ERP finance",
    "le portail client",
    "l'outil de paie",
    "la GMAO des usines",
    "l'entrepôt de données",
    "l'application mobile",
    "le socle d'identité",
]
EN_SYSTEMS = [
    "the CRM",
    "the finance ERP",
    "the customer portal",
    "the payroll tool",
    "the plant maintenance system",
    "the data warehouse",
    "the mobile app",
    "the identity platform",
]
FR_PAST_PROJECTS = [
    "Refonte facturation 2019",
    "Migration ERP 2020",
    "Usine 4.0 Lyon 2021",
    "Programme omnicanal 2021",
    "Dématérialisation RH 2022",
    "Cloud souverain 2022",
    "Conformité CSRD 2023",
    "Télérelève compteurs 2023",
]
EN_PAST_PROJECTS = [
    "Partner extranet 2020",
    "Global payroll 2021",
    "Data platform 2022",
    "Supplier portal 2022",
    "Field service app 2023",
    "Carbon reporting 2024",
]

FR = [
    (
        "planning",
        "Recette",
        "high",
        ["SI", "FIN"],
        ["SI-CYCLE-V", "AGILE"],
        "Jeux de données de recette livrés trop tard pour {system}",
        "La recette de {system} devait démarrer avec des données anonymisées représentatives.",
        "Les données sont arrivées avec {weeks} semaines de retard ; les métiers ont testé sur "
        "des cas fabriqués à la main et deux anomalies majeures sont passées en production.",
        "Planifier la préparation et l'anonymisation des données de recette dès la conception, "
        "avec un responsable nommé et un jalon dédié.",
        "données de test, RGPD, recette",
    ),
    (
        "suppliers",
        "Réalisation",
        "high",
        ["IND", "SI"],
        ["INFRA", "SI-CYCLE-V"],
        "Dépendance à un fournisseur unique sur {system}",
        "Un seul intégrateur maîtrisait {system} et son expert clé portait l'essentiel du lot.",
        "L'expert a été réaffecté en cours de projet ; son remplacement a pris {weeks} semaines "
        "et décalé la mise en service.",
        "Exiger une clause de continuité des ressources clés et qualifier un second fournisseur "
        "dès la consultation.",
        "sous-traitance, ressource clé, contrat",
    ),
    (
        "change_management",
        "Déploiement",
        "medium",
        ["RH", "COM"],
        ["ORGA", "SI-CYCLE-V"],
        "Adoption faible de {system} faute de relais métier",
        "Le déploiement de {system} s'adressait à plusieurs sites sans réseau de référents.",
        "Six mois après la bascule, seuls {pct} % des utilisateurs ciblés s'en servaient ; les "
        "formations avaient eu lieu trop tôt.",
        "Former au plus près de la mise en service et s'appuyer sur un réseau d'utilisateurs "
        "référents par site.",
        "formation, adoption, référents",
    ),
    (
        "budget",
        "Cadrage",
        "high",
        ["FIN", "SI"],
        ["SI-CYCLE-V", "INFRA"],
        "Dépassement du budget d'exploitation de {system}",
        "Le dossier d'opportunité de {system} ne chiffrait que l'investissement (CAPEX).",
        "Les licences et l'infogérance (OPEX) ont créé un dépassement budgétaire de {pct} % dès "
        "la première année.",
        "Faire valider le coût complet sur cinq ans, CAPEX et OPEX, au passage de cadrage.",
        "coût complet, OPEX, licences",
    ),
    (
        "governance",
        "Réalisation",
        "medium",
        ["COM", "SI", "RSE"],
        ["AGILE", "ORGA"],
        "COPIL sans décision attendue sur {system}",
        "Les comités de pilotage de {system} présentaient l'avancement sans demander d'arbitrage.",
        "Deux décisions de périmètre ont attendu trois mois ; l'équipe a avancé sur des "
        "hypothèses qui ont ensuite été revues.",
        "Inscrire à chaque COPIL les décisions attendues, avec un porteur et une échéance, et en "
        "suivre l'exécution au comité suivant.",
        "COPIL, arbitrage, décision",
    ),
    (
        "resources",
        "Réalisation",
        "high",
        ["SI", "IND", "FIN"],
        ["SI-CYCLE-V", "REGL"],
        "Experts métier indisponibles pendant la conception de {system}",
        "Les experts métier de {system} restaient affectés à 100 % à leur activité courante.",
        "Les ateliers ont été reportés à plusieurs reprises ; la conception a pris {weeks} "
        "semaines de retard.",
        "Contractualiser avec les directions métier un temps dédié (en ETP) au projet et le "
        "suivre dans le plan de charge.",
        "plan de charge, ETP, experts métier",
    ),
    (
        "technical",
        "Conception",
        "medium",
        ["SI", "IND"],
        ["SI-CYCLE-V", "INFRA", "AGILE"],
        "Interfaces de {system} sous-estimées",
        "L'architecture cible prévoyait une dizaine d'interfaces avec {system}.",
        "L'inventaire en réalisation en a trouvé trois fois plus ; le lot interfaces a dépassé "
        "son budget de {pct} %.",
        "Faire l'inventaire exhaustif des flux en cadrage, avec les équipes d'exploitation, et "
        "prévoir une provision pour les flux découverts.",
        "interfaces, architecture, estimation",
    ),
    (
        "quality",
        "Recette",
        "medium",
        ["SI", "COM"],
        ["AGILE", "SI-CYCLE-V"],
        "Non-régression manuelle sur {system}",
        "Chaque livraison de {system} était testée à la main par l'équipe de recette.",
        "Les campagnes de non-régression duraient {weeks} semaines et des régressions passaient "
        "malgré tout en production.",
        "Automatiser les tests de non-régression des parcours critiques dès les premiers sprints "
        "et les exécuter à chaque livraison.",
        "tests automatisés, non-régression, qualité",
    ),
    (
        "communication",
        "Déploiement",
        "low",
        ["RH", "COM", "RSE"],
        ["ORGA", "REGL"],
        "Utilisateurs de {system} informés trop tard",
        "La communication sur {system} était prévue une semaine avant la bascule.",
        "Les managers ont découvert le changement en même temps que leurs équipes ; le support "
        "a reçu {pct} % d'appels de plus que prévu.",
        "Construire le plan de communication avec les managers relais dès la conception et "
        "annoncer la bascule au moins un mois avant.",
        "communication, managers, support",
    ),
    (
        "planning",
        "Cadrage",
        "medium",
        ["SI", "FIN", "RSE"],
        ["REGL", "SI-CYCLE-V"],
        "Échéance réglementaire de {system} sans marge",
        "Le planning de {system} visait la date réglementaire sans aucune marge.",
        "Un retard de {weeks} semaines d'un prérequis a imposé un mode dégradé coûteux au "
        "démarrage.",
        "Viser une mise en service au moins deux mois avant l'échéance réglementaire et "
        "préparer un plan de repli.",
        "réglementaire, marge, plan de repli",
    ),
    (
        "suppliers",
        "Clôture",
        "medium",
        ["IND", "FIN"],
        ["INFRA", "RD"],
        "Réception fournisseur de {system} sans critères mesurables",
        "Le contrat de {system} ne fixait pas de critères de réception chiffrés.",
        "La réception a été contestée pendant {weeks} semaines et le solde du marché bloqué.",
        "Écrire dans le contrat des critères de réception mesurables et les tester pendant la "
        "recette, pas après.",
        "contrat, réception, pénalités",
    ),
    (
        "budget",
        "Réalisation",
        "high",
        ["IND", "SI"],
        ["INFRA", "RD"],
        "Dépassements budgétaires non signalés sur {system}",
        "Les engagements de {system} étaient suivis dans un tableur hors du contrôle de gestion.",
        "Le dépassement du budget ({pct} %) n'a été vu qu'à l'atterrissage de fin d'année.",
        "Rapprocher chaque mois engagé, réalisé et reste à faire avec le contrôle de gestion et "
        "déclencher une alerte au-delà de 5 % d'écart.",
        "atterrissage, engagé, alerte",
    ),
    (
        "governance",
        "Cadrage",
        "medium",
        ["SI", "COM", "RH"],
        ["AGILE", "ORGA"],
        "Sponsor de {system} absent des instances",
        "Le sponsor de {system} déléguait les COPIL à un adjoint sans pouvoir de décision.",
        "Les arbitrages remontaient au comité de direction et prenaient {weeks} semaines.",
        "Faire confirmer au cadrage la disponibilité du sponsor et un suppléant disposant "
        "d'une délégation écrite.",
        "sponsor, gouvernance, délégation",
    ),
    (
        "technical",
        "Déploiement",
        "high",
        ["SI", "IND"],
        ["INFRA", "SI-CYCLE-V"],
        "Bascule de {system} sans répétition générale",
        "La migration des données de {system} n'avait été testée que sur un échantillon.",
        "La bascule a duré deux fois plus longtemps que prévu et {pct} % des fiches ont dû être "
        "reprises à la main.",
        "Faire au moins deux répétitions générales de la bascule sur un volume réel, "
        "chronométrées, avec critères de go / no-go.",
        "migration, bascule, répétition",
    ),
    (
        "resources",
        "Réalisation",
        "medium",
        ["SI", "COM"],
        ["AGILE"],
        "Équipe de {system} partagée entre trois projets",
        "Les développeurs de {system} étaient affectés à 30 % sur trois projets simultanés.",
        "Les changements de contexte ont réduit la vélocité de {pct} % et retardé les livraisons.",
        "Limiter le nombre de projets par personne et privilégier des affectations d'au moins "
        "50 % d'ETP.",
        "affectation, vélocité, multi-projets",
    ),
    (
        "quality",
        "Conception",
        "low",
        ["RSE", "FIN"],
        ["REGL", "ORGA"],
        "Exigences de {system} rédigées sans critères d'acceptation",
        "Le cahier des charges de {system} décrivait des besoins sans critères vérifiables.",
        "La recette a tourné au débat d'interprétation ; {weeks} semaines perdues en arbitrages.",
        "Associer à chaque exigence un critère d'acceptation testable, validé par le métier en "
        "conception.",
        "exigences, critères d'acceptation, recette",
    ),
    (
        "change_management",
        "Clôture",
        "medium",
        ["RH", "IND"],
        ["ORGA", "INFRA"],
        "Support de {system} dissous trop tôt",
        "L'équipe projet de {system} a été libérée le lendemain de la mise en service.",
        "Le support de proximité manquait pendant la période d'appropriation ; {pct} % des "
        "demandes ont été escaladées.",
        "Prévoir une période d'accompagnement de six semaines après la bascule avant de "
        "clôturer le projet.",
        "accompagnement, support, clôture",
    ),
    (
        "planning",
        "Conception",
        "medium",
        ["SI", "IND", "COM"],
        ["SI-CYCLE-V", "RD"],
        "Dépendance non planifiée entre {system} et un autre projet",
        "{system} dépendait d'un socle livré par un autre projet du portefeuille.",
        "Le glissement de ce socle a décalé {system} de {weeks} semaines sans que personne ne "
        "l'ait anticipé.",
        "Déclarer les dépendances entre projets dans le portefeuille et les suivre en COPIL.",
        "dépendances, portefeuille, glissement",
    ),
]

EN = [
    (
        "security",
        "Déploiement",
        "high",
        ["SI"],
        ["AGILE", "SI-CYCLE-V"],
        "Penetration test of {system} scheduled after go-live",
        "The external security audit of {system} could only be booked after go-live.",
        "Three high findings had to be fixed in production under pressure, {weeks} weeks after "
        "the launch.",
        "Book the penetration test at kick-off and make its report a gate deliverable before "
        "deployment.",
        "security audit, pentest, gate",
    ),
    (
        "budget",
        "Réalisation",
        "high",
        ["SI", "FIN", "IND"],
        ["INFRA", "SI-CYCLE-V"],
        "Overrun of the budget of {system} spotted late",
        "Costs of {system} were tracked by the supplier's invoices only.",
        "The overrun of the budget ({pct} %) showed up at the year-end forecast, too late to act.",
        "Reconcile committed, actual and remaining costs monthly with finance and raise an alert "
        "past a 5 % variance.",
        "forecast, committed costs, variance",
    ),
    (
        "planning",
        "Cadrage",
        "medium",
        ["SI", "COM"],
        ["AGILE", "SI-CYCLE-V"],
        "Optimistic schedule for {system} without contingency",
        "The plan of {system} was built backwards from a date announced by management.",
        "Every slip hit the critical path; delivery came {weeks} weeks late.",
        "Build the schedule from estimates, add explicit contingency and show the probability "
        "of the announced date to the steering committee.",
        "schedule, contingency, estimates",
    ),
    (
        "suppliers",
        "Réalisation",
        "medium",
        ["IND", "SI"],
        ["INFRA", "RD"],
        "Supplier of {system} changed its team mid-project",
        "The contract for {system} named no key people.",
        "Half of the supplier's team was replaced; onboarding cost {weeks} weeks.",
        "Name key people in the contract with a replacement clause and a handover period paid "
        "by the supplier.",
        "contract, key people, supplier",
    ),
    (
        "change_management",
        "Déploiement",
        "medium",
        ["RH", "COM"],
        ["ORGA"],
        "Users of {system} trained months before go-live",
        "Training for {system} was scheduled when the trainers were available.",
        "By go-live users had forgotten most of it; {pct} % of support calls were how-to "
        "questions.",
        "Train users in the two weeks before go-live and provide short guides at the workstation.",
        "training, adoption, support",
    ),
    (
        "technical",
        "Conception",
        "high",
        ["SI", "IND"],
        ["SI-CYCLE-V", "INFRA"],
        "Performance of {system} never tested at full load",
        "Load tests of {system} used a tenth of the production volume.",
        "Response times tripled at the first month-end closing after go-live.",
        "Test performance on production-like volumes before the go / no-go and include "
        "month-end peaks.",
        "performance, load test, volumes",
    ),
    (
        "governance",
        "Réalisation",
        "medium",
        ["COM", "SI", "RSE"],
        ["AGILE", "ORGA"],
        "Scope changes to {system} accepted without impact analysis",
        "Change requests on {system} were agreed in workshops.",
        "Twenty small changes added {pct} % to the budget and {weeks} weeks to the schedule.",
        "Route every change request through a change board that states its cost and delay "
        "before it is accepted.",
        "change control, scope creep, steering",
    ),
    (
        "resources",
        "Cadrage",
        "medium",
        ["SI", "FIN"],
        ["SI-CYCLE-V", "REGL"],
        "Key business experts of {system} not released",
        "The business experts needed by {system} kept their full operational load.",
        "Design workshops were postponed repeatedly; the design phase slipped {weeks} weeks.",
        "Agree dedicated FTE with the business line managers at kick-off and track it in the "
        "capacity plan.",
        "capacity, FTE, business experts",
    ),
    (
        "quality",
        "Recette",
        "medium",
        ["SI", "COM"],
        ["AGILE"],
        "Acceptance of {system} started without test environment",
        "The test environment of {system} was delivered by the infrastructure team late.",
        "Acceptance testing was squeezed into {weeks} weeks and defects leaked to production.",
        "Make the test environment a milestone of its own, due before development ends.",
        "test environment, acceptance, defects",
    ),
    (
        "communication",
        "Clôture",
        "low",
        ["RH", "RSE"],
        ["ORGA", "REGL"],
        "Benefits of {system} never reported",
        "Nobody was in charge of measuring the benefits of {system} after closure.",
        "A year later, management could not say whether the expected savings were achieved.",
        "Name a benefits owner at closure and schedule a benefits review six and twelve months "
        "after go-live.",
        "benefits, closure, review",
    ),
    (
        "technical",
        "Réalisation",
        "medium",
        ["SI"],
        ["AGILE", "INFRA"],
        "Technical debt of {system} left for later",
        "Shortcuts were taken on {system} to meet the first release date.",
        "The following releases slowed down by {pct} % while the debt was paid back.",
        "Keep a visible technical debt backlog and reserve a share of every sprint for it.",
        "technical debt, architecture, releases",
    ),
    (
        "security",
        "Conception",
        "medium",
        ["SI", "RH", "FIN"],
        ["SI-CYCLE-V", "REGL"],
        "Personal data in {system} not mapped at design",
        "The data protection impact assessment of {system} was started during testing.",
        "Two data flows had to be redesigned, costing {weeks} weeks.",
        "Map personal data and run the impact assessment during design, with the data "
        "protection officer.",
        "GDPR, personal data, privacy",
    ),
]
