"""The demo reporting history's words (in French, like the demo company): milestones,
report comments and RAID items (reporting/demo.py)."""

from __future__ import annotations

# In lifecycle order, with where each one falls in the project (share of its duration);
# a project takes 2 to 4 of them, in this order.
MILESTONES = [
    ("Cadrage validé", 0.08),
    ("Choix de la solution", 0.2),
    ("Conception détaillée validée", 0.32),
    ("Fin des développements", 0.58),
    ("Recette utilisateur", 0.72),
    ("Mise en production", 0.85),
    ("Déploiement sur les sites", 0.93),
    ("Bilan de clôture", 1.0),
]

ACHIEVEMENTS = [
    "Ateliers de conception menés avec les métiers ; spécifications fonctionnelles validées.",
    "Recette du lot {lot} terminée : {k} anomalies ouvertes, aucune bloquante.",
    "COPIL tenu ; arbitrages obtenus sur le périmètre du lot {lot}.",
    "Contrat signé avec le prestataire retenu après consultation.",
    "Environnement de préproduction livré et opérationnel.",
    "Reprise des données de test réalisée à {pct} %.",
    "Formation des utilisateurs clés démarrée ({k} sessions planifiées).",
    "Plan de conduite du changement présenté aux managers.",
    "Études d'exécution terminées ; dossier d'autorisation déposé.",
    "Premiers équipements livrés sur site.",
    "Sprint {n} clôturé : {k} user stories livrées.",
    "Démonstration de fin de sprint réalisée devant les utilisateurs.",
    "Analyse d'impact réglementaire finalisée avec la direction juridique.",
    "Tests de performance concluants sur le périmètre du lot {lot}.",
    "Pilote mis en service sans incident majeur.",
    "Revue de passage en phase de réalisation obtenue (go).",
]
NEXT_STEPS = [
    "Lancer la recette utilisateur du lot {lot}.",
    "Préparer le support du prochain COPIL.",
    "Finaliser le plan de bascule et le valider avec l'exploitation.",
    "Démarrer les développements du lot {lot}.",
    "Organiser les sessions de formation des utilisateurs finaux.",
    "Consolider le reste à faire avec le prestataire.",
    "Mettre à jour le registre des risques avec les métiers.",
    "Valider le planning détaillé de déploiement sur les sites.",
    "Planifier le sprint {n} et affiner le backlog.",
    "Préparer la revue de passage de la phase suivante.",
]
ESCALATIONS = [
    "Arbitrage attendu sur le périmètre du lot {lot} : report de la date ou réduction du "
    "périmètre.",
    "Renfort de {fte} ETP demandé sur l'équipe de réalisation.",
    "Budget complémentaire de {amount} k€ à valider par le COPIL.",
    "Retard du prestataire : escalade demandée auprès de sa direction.",
    "Indisponibilité des experts métier : priorisation à trancher par la direction.",
    "Décision attendue sur le décalage de la mise en production.",
]
COMMENTS = [
    "Rien de particulier à signaler.",
    "Point d'attention sur la disponibilité des équipes d'exploitation.",
    "Clôture comptable en cours : disponibilité réduite de la direction financière.",
    "Bonne dynamique de l'équipe ; sponsor impliqué.",
]
ON_HOLD_COMMENT = "Projet suspendu dans l'attente d'un arbitrage budgétaire du COPIL."

# (title, description, response)
RISKS = [
    (
        "Indisponibilité des experts métier",
        "Les experts métier sont mobilisés par l'activité courante et la clôture annuelle.",
        "Planifier les ateliers trois mois à l'avance ; désigner des suppléants.",
    ),
    (
        "Retard de livraison du prestataire",
        "Le prestataire a déjà décalé deux livraisons intermédiaires.",
        "Pénalités contractuelles rappelées ; point hebdomadaire avec son directeur de projet.",
    ),
    (
        "Dérive du périmètre",
        "De nouvelles demandes arrivent hors du processus de gestion des changements.",
        "Toute demande passe par le comité des changements ; arbitrage en COPIL.",
    ),
    (
        "Sous-estimation des charges de réalisation",
        "Les premiers lots consomment plus que prévu.",
        "Réestimer le reste à faire à la fin du lot en cours.",
    ),
    (
        "Qualité insuffisante des données à reprendre",
        "Doublons et données incomplètes dans les référentiels existants.",
        "Lancer un chantier de nettoyage des données avec les métiers.",
    ),
    (
        "Résistance au changement des utilisateurs",
        "Les équipes terrain craignent une charge supplémentaire.",
        "Renforcer l'accompagnement : ambassadeurs, formations, communication du sponsor.",
    ),
    (
        "Dépendance à un autre projet du portefeuille",
        "Le projet attend une brique livrée par un autre projet.",
        "Jalons de dépendance suivis en comité de portefeuille.",
    ),
    (
        "Départ d'une personne clé de l'équipe projet",
        "Le référent technique pourrait quitter l'entreprise.",
        "Documenter les choix techniques ; binômer les tâches critiques.",
    ),
    (
        "Hausse du coût des matériaux",
        "Tension sur les prix de l'acier et des composants électroniques.",
        "Commandes anticipées ; clause d'indexation négociée.",
    ),
    (
        "Délais d'obtention des autorisations administratives",
        "L'instruction des dossiers par les services de l'État peut dépasser six mois.",
        "Dépôt anticipé ; échanges réguliers avec la préfecture.",
    ),
    (
        "Défaillance de l'intégration avec le SI existant",
        "Les interfaces avec l'ERP sont mal documentées.",
        "Prototype d'intégration en début de réalisation.",
    ),
    (
        "Non-conformité réglementaire détectée tardivement",
        "Les exigences réglementaires évoluent pendant le projet.",
        "Revue de conformité à chaque jalon avec la direction juridique.",
    ),
]
ISSUES = [
    ("Anomalie bloquante en recette", "Le calcul des factures échoue sur certains contrats."),
    ("Environnement de test indisponible", "Panne de l'environnement d'intégration."),
    ("Livraison incomplète du prestataire", "Le lot livré ne couvre pas tout le périmètre."),
    ("Absence du sponsor aux derniers COPIL", "Les arbitrages sont reportés faute de sponsor."),
    ("Budget de l'exercice consommé", "Les dépenses engagées atteignent l'enveloppe annuelle."),
]
ACTIONS = [
    "Relancer le prestataire sur son plan de rattrapage",
    "Organiser un atelier de priorisation avec les métiers",
    "Mettre à jour le planning détaillé",
    "Obtenir un renfort d'un développeur",
    "Préparer la note d'arbitrage pour le COPIL",
]
DECISIONS = [
    ("Report de la mise en production validé par le COPIL", "Nouvelle date actée en COPIL."),
    ("Réduction du périmètre du lot 2", "Les fonctions secondaires passent dans un lot 3."),
    ("Choix de la solution éditeur entériné", "Solution retenue après analyse comparative."),
    ("Budget complémentaire accordé", "Rallonge accordée sur la réserve du portefeuille."),
]
