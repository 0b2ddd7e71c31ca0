"""Fill the French catalogue from this glossary-checked table (shared/GLOSSARY.md).

Usage: ``python scripts/fr_catalogue.py`` after ``make messages``; prints any msgid still
missing so that it can be added here. The .po file stays the source of truth for Django;
this table only keeps our translations reviewable in one place.
"""

import sys
from pathlib import Path

import polib

FR = {
    "Governance": "Gouvernance",
    "Continuous improvement": "Amélioration continue",
    "PMO Portal foundations": "Fondations du portail PMO",
    "name": "nom",
    "last seen": "dernière exécution",
    "heartbeat": "pulsation",
    "heartbeats": "pulsations",
    "Portfolios": "Portefeuilles",
    "Portfolio tree": "Arborescence des portefeuilles",
    "Projects": "Projets",
    "Strategic objectives": "Objectifs stratégiques",
    "Resources and budgets": "Ressources et budgets",
    "Reporting": "Reporting",
    "Lessons learned": "Retours d'expérience",
    "PMO": "PMO",
    "Project manager": "Chef de projet",
    "Executive": "Direction",
    "Resource manager": "Responsable de ressources",
    "Finance": "Contrôle de gestion",
    "French": "Français",
    "English": "Anglais",
    "Sunny": "Ensoleillé",
    "Cloudy": "Nuageux",
    "Rainy": "Pluvieux",
    "Stormy": "Orageux",
    "Not reported": "Non renseigné",
    "PMO Portal administration": "Administration du portail PMO",
    "PMO Portal": "Portail PMO",
    "Strategic alignment": "Alignement stratégique",
    "Search": "Recherche",
    "Code, name or description": "Code, nom ou description",
    "Portfolio": "Portefeuille",
    "All portfolios": "Tous les portefeuilles",
    "Status": "Statut",
    "Project type": "Type de projet",
    "All types": "Tous les types",
    "Business domain": "Domaine d'activité",
    "All domains": "Tous les domaines",
    "All project managers": "Tous les chefs de projet",
    "Include archived projects": "Inclure les projets archivés",
    "Sort by": "Trier par",
    "Sponsor": "Sponsor",
    "Deputies": "Suppléants",
    "Deputies may update the project like its manager.": (
        "Les suppléants peuvent mettre à jour le projet comme son chef de projet."
    ),
    "Decided by the PMO.": "Décidé par le PMO.",
    "Save changes": "Enregistrer les modifications",
    "Create project": "Créer le projet",
    "Identity": "Identification",
    "People": "Acteurs",
    "Dates": "Dates",
    "Business case": "Dossier d'opportunité (business case)",
    "A node cannot be placed under itself or its descendants.": (
        "Un élément ne peut pas être placé sous lui-même ni sous l'un de ses descendants."
    ),
    "code": "code",
    "title": "intitulé",
    "description": "description",
    "parent objective": "objectif parent",
    "horizon start": "début de l'horizon",
    "horizon end": "fin de l'horizon",
    "weight": "pondération",
    "owner": "responsable",
    "strategic objective": "objectif stratégique",
    "strategic objectives": "objectifs stratégiques",
    "The horizon must end after it starts.": "L'horizon doit se terminer après son début.",
    "parent portfolio": "portefeuille parent",
    "members": "membres",
    "Members read this portfolio and its sub-portfolios.": (
        "Les membres consultent ce portefeuille et ses sous-portefeuilles."
    ),
    "portfolio": "portefeuille",
    "portfolios": "portefeuilles",
    "fiscal year": "exercice",
    "CAPEX envelope": "enveloppe CAPEX",
    "OPEX envelope": "enveloppe OPEX",
    "budget envelope": "enveloppe budgétaire",
    "budget envelopes": "enveloppes budgétaires",
    "business domain": "domaine d'activité",
    "business domains": "domaines d'activité",
    "project type": "type de projet",
    "project types": "types de projet",
    "Proposed": "Proposé",
    "Approved": "Validé",
    "Active": "En cours",
    "On hold": "Suspendu",
    "Closed": "Clôturé",
    "Cancelled": "Annulé",
    "Unique reference, for example PRJ-0042.": "Référence unique, par exemple PRJ-0042.",
    "status": "statut",
    "project manager": "chef de projet",
    "sponsor": "sponsor",
    "deputies": "suppléants",
    "planned start": "début prévu",
    "planned end": "fin prévue",
    "baseline start": "début de référence",
    "baseline end": "fin de référence",
    "actual end": "fin réelle",
    "expected benefits": "bénéfices attendus",
    "estimated cost (€)": "coût estimé (€)",
    "priority score": "score de priorité",
    "overall health": "météo du projet",
    "schedule health": "météo des délais",
    "budget health": "météo du budget",
    "scope health": "météo du périmètre",
    "resources health": "météo des ressources",
    "completion (%)": "avancement (%)",
    "Completion (%)": "Avancement (%)",
    "%% complete": "%% d'avancement",
    "estimate at completion (€)": "atterrissage (€)",
    "forecast end": "fin prévisionnelle",
    "date of last report": "date du dernier rapport",
    "archived": "archivé",
    "created": "créé",
    "updated": "modifié le",
    "project": "projet",
    "projects": "projets",
    "The planned end must not be before the planned start.": (
        "La fin prévue ne peut pas précéder le début prévu."
    ),
    "The baseline end must not be before the baseline start.": (
        "La fin de référence ne peut pas précéder le début de référence."
    ),
    "0 — none": "0 — aucune",
    "1 — low": "1 — faible",
    "2 — medium": "2 — moyenne",
    "3 — high": "3 — forte",
    "objective": "objectif",
    "score": "note",
    "rationale": "justification",
    "contribution to an objective": "contribution à un objectif",
    "contributions to objectives": "contributions aux objectifs",
    "Home": "Accueil",
    "Hello %(name)s": "Bonjour %(name)s",
    "Signed in as: %(roles)s": "Connecté en tant que : %(roles)s",
    "Your account has no role yet.": "Votre compte n'a pas encore de rôle.",
    "Your account has no role in the portal yet: ask the PMO to give you one (project manager, "
    "executive, resource manager or finance).": (
        "Votre compte n'a pas encore de rôle dans le portail : demandez-en un au PMO (chef de "
        "projet, direction, responsable de ressources ou contrôle de gestion)."
    ),
    "Project": "Projet",
    "Health": "Météo",
    "Planned end": "Fin prévue",
    "Go to": "Accès rapide",
    "Under": "Rattaché à",
    "Owner:": "Responsable :",
    "Horizon:": "Horizon :",
    "Objectives under this one": "Objectifs rattachés",
    "Contributing projects": "Projets contributeurs",
    "Projects contributing to this objective, strongest first": (
        "Projets contribuant à cet objectif, les plus contributeurs d'abord"
    ),
    "Contribution": "Contribution",
    "Rationale": "Justification",
    "No project you can see contributes to this objective yet.": (
        "Aucun des projets que vous voyez ne contribue encore à cet objectif."
    ),
    "Objective": "Objectif",
    "Horizon": "Horizon",
    "Owner": "Responsable",
    "Weight": "Pondération",
    "Strategic axes and the objectives under them, with the number of projects contributing.": (
        "Les axes stratégiques et leurs objectifs, avec le nombre de projets contributeurs."
    ),
    "No strategic objective has been defined yet. The PMO defines them in the administration.": (
        "Aucun objectif stratégique n'est encore défini. Le PMO les définit dans l'administration."
    ),
    "Projects consolidated at every level: a node counts its own projects and those of its "
    "sub-portfolios (archived projects excluded).": (
        "Projets consolidés à chaque niveau : un portefeuille compte ses propres projets et "
        "ceux de ses sous-portefeuilles (projets archivés exclus)."
    ),
    "Portfolio tree with consolidated project counts": (
        "Arborescence des portefeuilles avec le nombre de projets consolidé"
    ),
    "Total": "Total",
    "%(n)s active projects in %(name)s": "%(n)s projets en cours dans %(name)s",
    "%(n)s proposed projects in %(name)s": "%(n)s projets proposés dans %(name)s",
    "%(n)s approved projects in %(name)s": "%(n)s projets validés dans %(name)s",
    "%(n)s projects on hold in %(name)s": "%(n)s projets suspendus dans %(name)s",
    "%(n)s projects in total in %(name)s": "%(n)s projets au total dans %(name)s",
    "No portfolio is visible to you yet. The PMO adds you as a member of the portfolios you "
    "follow.": (
        "Aucun portefeuille ne vous est encore visible. Le PMO vous ajoute comme membre des "
        "portefeuilles que vous suivez."
    ),
    "Edit project": "Modifier le projet",
    "Latest declared status": "Dernière situation déclarée",
    "Overall health": "Météo du projet",
    "Schedule": "Délais",
    "Budget": "Budget",
    "Scope": "Périmètre",
    "Resources": "Ressources",
    "Estimate at completion": "Atterrissage (estimation à terminaison)",
    "Forecast end": "Fin prévisionnelle",
    "Reported on": "Date du rapport",
    "No status report has been submitted for this project yet.": (
        "Aucun rapport d'avancement n'a encore été soumis pour ce projet."
    ),
    "Description": "Description",
    "No description.": "Pas de description.",
    "Expected benefits": "Bénéfices attendus",
    "Not described yet.": "Pas encore décrits.",
    "Contribution to strategic objectives": "Contribution aux objectifs stratégiques",
    "Score": "Note",
    "This project is not linked to any strategic objective yet.": (
        "Ce projet n'est encore rattaché à aucun objectif stratégique."
    ),
    "Key facts": "Fiche d'identité",
    "Planned dates": "Dates prévues",
    "Baseline dates": "Dates de référence",
    "Actual end": "Fin réelle",
    "Estimated cost": "Coût estimé",
    "Priority score": "Score de priorité",
    "Not scored yet": "Pas encore noté",
    "History": "Historique",
    "system": "système",
    "Project created": "Projet créé",
    "Changed:": "Modifié :",
    "Saved without change": "Enregistré sans modification",
    "No change recorded.": "Aucune modification enregistrée.",
    "Edit %(code)s": "Modifier %(code)s",
    "New project": "Nouveau projet",
    "Edit": "Modifier",
    "Fields marked with an asterisk are required.": (
        "Les champs marqués d'un astérisque sont obligatoires."
    ),
    "The project was not saved. Please correct these errors:": (
        "Le projet n'a pas été enregistré. Corrigez les erreurs suivantes :"
    ),
    "Cancel": "Annuler",
    "filtered": "filtrés",
    "Export CSV": "Export CSV",
    "Export Excel": "Export Excel",
    "Filters": "Filtres",
    "Apply filters": "Appliquer les filtres",
    "Clear filters": "Effacer les filtres",
    "Projects, sortable by column": "Projets, triables par colonne",
    "Code": "Code",
    "Name": "Nom",
    "Type": "Type",
    "Estimated cost (k€)": "Coût estimé (k€)",
    "No project matches these filters.": "Aucun projet ne correspond à ces filtres.",
    "No project yet in the portfolios you can see.": (
        "Aucun projet pour l'instant dans les portefeuilles que vous voyez."
    ),
    "Create the first project": "Créer le premier projet",
    "Planned start": "Début prévu",
    "Estimated cost (€)": "Coût estimé (€)",
    "Project %(code)s created.": "Projet %(code)s créé.",
    "Project %(code)s saved.": "Projet %(code)s enregistré.",
    "Tracking and reporting": "Suivi et reporting",
    "Access denied": "Accès refusé",
    "Your role does not allow this action. If you need it, ask the PMO.": (
        "Votre rôle ne permet pas cette action. Si vous en avez besoin, adressez-vous au PMO."
    ),
    "Back to the home page": "Retour à l'accueil",
    "Page not found": "Page introuvable",
    "This page does not exist, or it is outside the portfolios you can see.": (
        "Cette page n'existe pas, ou elle se trouve hors des portefeuilles que vous voyez."
    ),
    "Skip to main content": "Aller au contenu principal",
    "Main navigation": "Navigation principale",
    "Show navigation": "Afficher la navigation",
    "Search projects": "Rechercher un projet",
    "No role": "Aucun rôle",
    "Administration": "Administration",
    "Change password": "Changer de mot de passe",
    "Sign out": "Se déconnecter",
    "Breadcrumb": "Fil d'Ariane",
    "PMO Portal — open-source portal for a strategic PMO": (
        "Portail PMO — portail libre pour un PMO stratégique"
    ),
    "Language": "Langue",
    "Pagination": "Pagination",
    "Previous": "Précédent",
    "Next": "Suivant",
    "Account locked": "Compte verrouillé",
    "Account temporarily locked": "Compte temporairement verrouillé",
    "Too many failed sign-in attempts. For your security, sign-in is blocked for a while: try "
    "again later, or ask the PMO to unlock your account.": (
        "Trop de tentatives de connexion échouées. Pour votre sécurité, la connexion est "
        "bloquée pendant un moment : réessayez plus tard, ou demandez au PMO de déverrouiller "
        "votre compte."
    ),
    "Sign in": "Se connecter",
    "Sign in with the account your PMO gave you.": (
        "Connectez-vous avec le compte que votre PMO vous a fourni."
    ),
    "Password changed": "Mot de passe modifié",
    "Your password was changed.": "Votre mot de passe a été modifié.",
    "Change my password": "Changer mon mot de passe",
    "The project manager cannot also be one of the deputies.": (
        "Le chef de projet ne peut pas être aussi l'un de ses suppléants."
    ),
    "Error:": "Erreur :",
    # Notifications (outbox, preferences)
    "Retry now (failed or pending messages)": (
        "Renvoyer maintenant (messages en échec ou en attente)"
    ),
    "Pending": "En attente",
    "Sending": "En cours d'envoi",
    "Sent": "Envoyé",
    "Failed": "Échec",
    "de-duplication key": "clé de dédoublonnage",
    "kind": "type",
    "recipient": "destinataire",
    "e-mail address": "adresse e-mail",
    "subject": "objet",
    "body": "corps du message",
    "attempts": "tentatives",
    "next attempt": "prochaine tentative",
    "claimed at": "pris en charge le",
    "last error": "dernière erreur",
    "sent": "envoyé le",
    "notification": "notification",
    "notifications": "notifications",
    "user": "utilisateur",
    "status report reminders by e-mail": "relances de rapport d'avancement par e-mail",
    "alerts by e-mail": "alertes par e-mail",
    "notification preference": "préférence de notification",
    "notification preferences": "préférences de notification",
    "E-mail notifications": "Notifications par e-mail",
    "Yes, send me these e-mails": "Oui, m'envoyer ces e-mails",
    "No, I follow them in the portal": "Non, je les suis dans le portail",
    "Status report reminders": "Relances de rapport d'avancement",
    "Before a reporting period closes, for your projects whose report is not submitted; for the "
    "PMO, when a report is late.": (
        "Avant la clôture d'une période de reporting, pour vos projets dont le rapport n'est pas "
        "soumis ; pour le PMO, lorsqu'un rapport est en retard."
    ),
    "Alerts": "Alertes",
    "Budget overruns and other alerts about your projects.": (
        "Dépassements budgétaires et autres alertes concernant vos projets."
    ),
    "Your notification preferences are saved.": (
        "Vos préférences de notification sont enregistrées."
    ),
    "no address": "aucune adresse",
    "Choose which e-mails the portal sends you at %(email)s. Everything stays visible in the "
    "portal whatever you choose.": (
        "Choisissez les e-mails que le portail vous envoie (%(email)s). Tout reste visible dans le "
        "portail, quel que soit votre choix."
    ),
    "Your account has no e-mail address, so the portal cannot send you any e-mail. Ask the PMO "
    "to add one.": (
        "Votre compte n'a pas d'adresse e-mail : le portail ne peut donc vous envoyer aucun "
        "e-mail. Demandez au PMO d'en ajouter une."
    ),
    "Your preferences were not saved. Please correct these errors:": (
        "Vos préférences n'ont pas été enregistrées. Corrigez les erreurs suivantes :"
    ),
    "Save my preferences": "Enregistrer mes préférences",
    # Navigation
    "Portfolio dashboard": "Tableau de bord du portefeuille",
    "My status reports": "Mes rapports d'avancement",
    "Missing reports": "Rapports manquants",
    "Top risks": "Principaux risques",
    "Milestones ahead": "Jalons à venir",
    "Overview": "Vue d'ensemble",
    "Status reports": "Rapports d'avancement",
    "Milestones": "Jalons",
    "RAID log": "Registre RAID",
    "Project sections": "Rubriques du projet",
    # Charts
    "No status report to chart yet.": "Aucun rapport d'avancement à représenter pour l'instant.",
    "No project to chart.": "Aucun projet à représenter.",
    "Baseline": "Référence",
    "No milestone forecast reported yet.": "Aucune prévision de jalon déclarée pour l'instant.",
    "slip: %(days)+d days": "glissement : %(days)+d jours",
    # Status reports: model
    "Weekly": "Hebdomadaire",
    "Fortnightly": "Toutes les deux semaines",
    "Monthly": "Mensuelle",
    "reporting frequency": "fréquence de reporting",
    "reporting policy": "règle de reporting",
    "reporting policies": "règles de reporting",
    "Draft": "Brouillon",
    "Submitted": "Soumis",
    "period start": "début de période",
    "period end": "fin de période",
    "schedule": "délais",
    "budget": "budget",
    "scope": "périmètre",
    "resources": "ressources",
    "achievements of the period": "réalisations de la période",
    "next steps": "prochaines étapes",
    "escalations and decisions needed from the steering committee": (
        "escalades et décisions attendues du COPIL"
    ),
    "forecast end date": "date de fin prévisionnelle",
    "comment": "commentaire",
    "version": "version",
    "author": "auteur",
    "submitted by": "soumis par",
    "submitted": "soumis le",
    "status report": "rapport d'avancement",
    "status reports": "rapports d'avancement",
    "This report is submitted and locked.": "Ce rapport est soumis et verrouillé.",
    "Say why the report is reopened.": "Indiquez pourquoi le rapport est rouvert.",
    "Only a submitted report can be reopened.": "Seul un rapport soumis peut être rouvert.",
    # Status reports: form
    "What the steering committee must decide or unblock.": (
        "Ce que le COPIL doit décider ou débloquer."
    ),
    "Forecast total cost at completion, in euros.": (
        "Atterrissage : coût total prévu à terminaison, en euros."
    ),
    "The forecast end cannot be before the project starts (%(date)s).": (
        "La fin prévisionnelle ne peut pas précéder le début du projet (%(date)s)."
    ),
    "Forecast date": "Date prévisionnelle",
    "Actual date": "Date réelle",
    "An achieved milestone needs its date.": "Un jalon atteint doit avoir sa date réelle.",
    "%(code)s report of %(start)s": "Rapport %(code)s du %(start)s",
    "Status report — %(code)s": "Rapport d'avancement — %(code)s",
    "period %(start)s → %(end)s": "période %(start)s → %(end)s",
    "pre-filled from the report of %(start)s: change what moved.": (
        "pré-rempli à partir du rapport du %(start)s : modifiez ce qui a bougé."
    ),
    "first report of this project.": "premier rapport de ce projet.",
    "%(who)s saved this report at %(at)s while you were editing it. Nothing of yours was saved.": (
        "%(who)s a enregistré ce rapport le %(at)s pendant que vous le modifiiez. Aucune de vos "
        "saisies n'a été enregistrée."
    ),
    "Fields that differ": "Champs qui diffèrent",
    "Field": "Champ",
    "Their saved value": "Valeur enregistrée",
    "Your value": "Votre saisie",
    "Review the form below (it holds your values), then save again to keep them, or reload the "
    "page to start from theirs.": (
        "Vérifiez le formulaire ci-dessous (il contient vos saisies), puis enregistrez à nouveau "
        "pour les conserver, ou rechargez la page pour repartir de la version enregistrée."
    ),
    "The report was not saved. Please correct these errors:": (
        "Le rapport n'a pas été enregistré. Corrigez les erreurs suivantes :"
    ),
    "Health (météo)": "Météo",
    "Progress and forecast": "Avancement et prévisions",
    "Last period:": "Période précédente :",
    "This period": "Sur la période",
    "Next steps announced last period:": "Prochaines étapes annoncées à la période précédente :",
    "Baseline:": "Référence :",
    "This project has no milestone yet.": "Ce projet n'a pas encore de jalon.",
    "Back to the project": "Retour au projet",
    "Submit report": "Soumettre le rapport",
    "Save draft": "Enregistrer le brouillon",
    "Submitting publishes the project's health to the dashboards and locks the report.": (
        "La soumission publie la météo du projet dans les tableaux de bord et verrouille le "
        "rapport."
    ),
    "This period's report is already submitted.": "Le rapport de cette période est déjà soumis.",
    "Report submitted: the project's health is updated, the report locked.": (
        "Rapport soumis : la météo du projet est mise à jour et le rapport verrouillé."
    ),
    "Draft saved.": "Brouillon enregistré.",
    "Report reopened: the project manager can change it again.": (
        "Rapport rouvert : le chef de projet peut de nouveau le modifier."
    ),
    # Status reports: pages
    "Your projects and their report for the current period": (
        "Vos projets et leur rapport pour la période en cours"
    ),
    "To write": "À rédiger",
    "Write the %(code)s report": "Rédiger le rapport de %(code)s",
    "Continue the %(code)s report": "Poursuivre le rapport de %(code)s",
    "View the %(code)s report": "Consulter le rapport de %(code)s",
    "My projects: due this period": "Mes projets : rapports attendus sur la période",
    "The projects you manage or deputise, and their report for the current period.": (
        "Les projets dont vous êtes chef de projet ou suppléant, et leur rapport pour la période "
        "en cours."
    ),
    "You do not manage or deputise any project in progress: no report is due from you.": (
        "Vous n'êtes chef de projet ni suppléant d'aucun projet en cours : aucun rapport ne vous "
        "est demandé."
    ),
    "Status reports of %(code)s": "Rapports d'avancement de %(code)s",
    "Project manager:": "Chef de projet :",
    "This period: %(start)s → %(end)s": "Période en cours : %(start)s → %(end)s",
    "No report yet for this period.": "Pas encore de rapport pour cette période.",
    "A draft is in progress.": "Un brouillon est en cours.",
    "Submitted on %(date)s by %(who)s.": "Soumis le %(date)s par %(who)s.",
    "Write this period's report": "Rédiger le rapport de la période",
    "Continue the report": "Poursuivre le rapport",
    "View the report": "Consulter le rapport",
    "Only projects in progress report their status.": (
        "Seuls les projets en cours font l'objet d'un rapport d'avancement."
    ),
    "No report is due: the project is %(status)s.": (
        "Aucun rapport n'est attendu : le projet est %(status)s."
    ),
    "Report history": "Historique des rapports",
    "Status reports of the project, newest first": (
        "Rapports d'avancement du projet, les plus récents d'abord"
    ),
    "Completion (%%)": "Avancement (%%)",
    "EAC (€)": "Atterrissage (€)",
    "No status report yet for this project.": (
        "Aucun rapport d'avancement pour ce projet à ce jour."
    ),
    "Milestone trend (slip chart)": "Tendance des jalons (courbe de glissement)",
    "Each line is a milestone: its forecast date as each submitted report stated it. A rising "
    "line is a milestone that slips; the hollow marker in the first column is its baseline.": (
        "Chaque courbe est un jalon : sa date prévisionnelle telle que déclarée dans chaque "
        "rapport soumis. Une courbe qui monte signale un jalon qui glisse ; le marqueur creux de "
        "la première colonne indique sa référence."
    ),
    "The slip chart appears once reports with milestones have been submitted.": (
        "La courbe de glissement apparaît dès que des rapports comportant des jalons ont été "
        "soumis."
    ),
    "Milestone trend: forecast date stated by each report": (
        "Tendance des jalons : date prévisionnelle déclarée dans chaque rapport"
    ),
    "submitted on %(date)s by %(who)s": "soumis le %(date)s par %(who)s",
    "Edit the report": "Modifier le rapport",
    "This report is submitted and locked. Only the PMO can reopen it.": (
        "Ce rapport est soumis et verrouillé. Seul le PMO peut le rouvrir."
    ),
    "Narrative": "Synthèse",
    "Achievements of the period": "Réalisations de la période",
    "Next steps": "Prochaines étapes",
    "Escalations and decisions needed from the steering committee": (
        "Escalades et décisions attendues du COPIL"
    ),
    "None.": "Néant.",
    "Comment": "Commentaire",
    "Milestones as stated in this report": "Jalons tels que déclarés dans ce rapport",
    "Milestones are recorded when the report is submitted.": (
        "Les jalons sont enregistrés à la soumission du rapport."
    ),
    "Reopen the report": "Rouvrir le rapport",
    "Reason (kept in the history)": "Motif (conservé dans l'historique)",
    "Reopen for changes": "Rouvrir pour modification",
    "Report opened": "Rapport créé",
    "Reopened: %(reason)s": "Rouvert : %(reason)s",
    # Status report e-mails (reminders, late notices)
    "project manager: %(name)s": "chef de projet : %(name)s",
    "You receive this e-mail once per reporting period. Choose which e-mails you "
    "receive: %(url)s": (
        "Vous recevez cet e-mail une fois par période de reporting. Choisissez les e-mails que "
        "vous recevez : %(url)s"
    ),
    "Hello %(name)s,": "Bonjour %(name)s,",
    "Open each project's reports page to write and submit the report.": (
        "Ouvrez la page des rapports de chaque projet pour rédiger et soumettre le rapport."
    ),
    # Milestones
    "Planned": "Prévu",
    "Achieved": "Atteint",
    "baseline date": "date de référence",
    "forecast date": "date prévisionnelle",
    "actual date": "date réelle",
    "milestone": "jalon",
    "milestones": "jalons",
    "milestone snapshot": "instantané de jalon",
    "milestone snapshots": "instantanés de jalon",
    "This milestone does not belong to the project.": "Ce jalon n'appartient pas au projet.",
    "The date agreed when the plan was approved.": (
        "La date convenue lors de la validation du planning."
    ),
    "The date expected today; the slip is forecast − baseline.": (
        "La date attendue à ce jour ; le glissement = prévision − référence."
    ),
    "Only once the milestone is achieved.": "Uniquement une fois le jalon atteint.",
    "Add the milestone": "Ajouter le jalon",
    "empty": "vide",
    "This row no longer matches a milestone of the project: reload the page.": (
        "Cette ligne ne correspond plus à un jalon du projet : rechargez la page."
    ),
    "Someone changed this milestone since you opened the page (now: %(now)s). Check your values "
    "and save again.": (
        "Quelqu'un a modifié ce jalon depuis l'ouverture de la page (désormais : %(now)s). "
        "Vérifiez vos valeurs et enregistrez à nouveau."
    ),
    "The page listed a milestone twice: reload it and try again.": (
        "La page affichait un jalon en double : rechargez-la et réessayez."
    ),
    "Milestones of %(code)s": "Jalons de %(code)s",
    "Add a milestone": "Ajouter un jalon",
    "Nothing was saved. Please correct these errors:": (
        "Rien n'a été enregistré. Corrigez les erreurs suivantes :"
    ),
    "Unknown milestone": "Jalon inconnu",
    "New milestone": "Nouveau jalon",
    "Milestones by baseline date, with their slip in days: forecast (or actual) date minus "
    "baseline date; positive means late": (
        "Jalons par date de référence, avec leur glissement en jours : date prévisionnelle (ou "
        "réelle) moins date de référence ; une valeur positive signifie un retard"
    ),
    "Actual": "Réel",
    "Slip": "Glissement",
    "Only the rows you change are saved; if one row is wrong, nothing is saved. An achieved "
    "milestone needs its actual date.": (
        "Seules les lignes modifiées sont enregistrées ; si une ligne est erronée, rien n'est "
        "enregistré. Un jalon atteint doit avoir sa date réelle."
    ),
    "Save milestones": "Enregistrer les jalons",
    "No milestone yet for this project: the slip against the baseline cannot be followed.": (
        "Aucun jalon pour ce projet : le glissement par rapport à la référence ne peut pas être "
        "suivi."
    ),
    "Add the first milestone": "Ajouter le premier jalon",
    "cancelled": "annulé",
    "no slip": "sans glissement",
    "Nothing changed: no milestone was saved.": (
        "Aucune modification : aucun jalon n'a été enregistré."
    ),
    "Milestone “%(name)s” added.": "Jalon « %(name)s » ajouté.",
    # RAID log
    "Risk": "Risque",
    "Issue": "Problème",
    "Action": "Action",
    "Decision": "Décision",
    "Open": "Ouvert",
    "In progress": "En cours",
    "due date": "échéance",
    "probability": "probabilité",
    "1 (unlikely) to 4 (almost certain)": "1 (peu probable) à 4 (quasi certain)",
    "impact": "impact",
    "1 (minor) to 4 (critical)": "1 (mineur) à 4 (critique)",
    "exposure": "criticité",
    "response": "réponse",
    "RAID item": "élément RAID",
    "RAID items": "éléments RAID",
    "A risk needs a probability (1 to 4).": "Un risque doit avoir une probabilité (de 1 à 4).",
    "A risk needs an impact (1 to 4).": "Un risque doit avoir un impact (de 1 à 4).",
    "Unlikely": "Peu probable",
    "Possible": "Possible",
    "Likely": "Probable",
    "Almost certain": "Quasi certain",
    "Minor": "Mineur",
    "Moderate": "Modéré",
    "Major": "Majeur",
    "Critical": "Critique",
    "Not rated": "Non évalué",
    "High": "Élevée",
    "Medium": "Moyenne",
    "Low": "Faible",
    "Probability": "Probabilité",
    "Risks only: how likely it is to happen.": (
        "Risques uniquement : probabilité que le risque survienne."
    ),
    "Impact": "Impact",
    "Risks only: how hard it would hit the project.": (
        "Risques uniquement : gravité des conséquences pour le projet."
    ),
    "For a risk, the mitigation or contingency plan; else what is done.": (
        "Pour un risque, le plan de mitigation ou de secours ; sinon, ce qui est fait."
    ),
    "Optional.": "Facultatif.",
    "No owner yet": "Pas encore de responsable",
    "Add to the RAID log": "Ajouter au registre RAID",
    "Kind": "Type",
    "All kinds": "Tous les types",
    "All statuses": "Tous les statuts",
    "Open or in progress": "Ouvert ou en cours",
    "Any probability": "Toute probabilité",
    "Any impact": "Tout impact",
    "P%(p)s × I%(i)s": "P%(p)s × I%(i)s",
    "probability %(p)s, impact %(i)s": "probabilité %(p)s, impact %(i)s",
    "not rated": "non évalué",
    "Edit “%(title)s” (%(code)s)": "Modifier « %(title)s » (%(code)s)",
    "New RAID item for %(code)s": "Nouvel élément RAID pour %(code)s",
    "New item": "Nouvel élément",
    "Edit “%(title)s”": "Modifier « %(title)s »",
    "New RAID item": "Nouvel élément RAID",
    "Fields marked with an asterisk are required. A risk needs its probability and impact.": (
        "Les champs marqués d'un astérisque sont obligatoires. Un risque doit avoir une "
        "probabilité et un impact."
    ),
    "The RAID item was not saved. Please correct these errors:": (
        "L'élément RAID n'a pas été enregistré. Corrigez les erreurs suivantes :"
    ),
    "Latest changes": "Dernières modifications",
    "unknown user": "utilisateur inconnu",
    "deleted": "supprimé",
    "changed": "modifié",
    "RAID log of %(code)s": "Registre RAID de %(code)s",
    "Risk matrix": "Matrice des risques",
    "RAID items: open items first, then risks by exposure (probability × impact), highest first": (
        "Éléments RAID : éléments ouverts d'abord, puis risques par criticité (probabilité × "
        "impact), les plus critiques d'abord"
    ),
    "Title": "Intitulé",
    "Actions": "Actions",
    "No RAID item matches these filters.": "Aucun élément RAID ne correspond à ces filtres.",
    "The RAID log of this project is empty: no risk, issue, action or decision recorded yet.": (
        "Le registre RAID de ce projet est vide : aucun risque, problème, action ou décision "
        "enregistré pour l'instant."
    ),
    "Record the first risk": "Enregistrer le premier risque",
    "Risk matrix of %(code)s": "Matrice des risques de %(code)s",
    "exposure = probability × impact": "criticité = probabilité × impact",
    "New risk": "Nouveau risque",
    "Open and in-progress risks by probability (rows, most likely on top) and impact (columns). "
    "Each cell shows its exposure, the number of risks and their titles.": (
        "Risques ouverts et en cours par probabilité (lignes, les plus probables en haut) et "
        "impact (colonnes). Chaque case indique sa criticité, le nombre de risques et leurs "
        "intitulés."
    ),
    "No risk": "Aucun risque",
    "Exposure levels: 1 to 3 low, 4 to 6 medium, 8 or 9 high, 12 to 16 critical. Closed risks "
    "are not shown.": (
        "Niveaux de criticité : 1 à 3 faible, 4 à 6 moyenne, 8 ou 9 élevée, 12 à 16 critique. Les "
        "risques clôturés ne sont pas affichés."
    ),
    "No open risk recorded for this project: the matrix is empty.": (
        "Aucun risque ouvert pour ce projet : la matrice est vide."
    ),
    "Record a risk": "Enregistrer un risque",
    "%(kind)s “%(title)s” added to the RAID log.": (
        "Ajout au registre RAID : %(kind)s « %(title)s »."
    ),
    "“%(title)s” saved.": "« %(title)s » : modifications enregistrées.",
    # Dashboards
    "Whole company": "Toute l'entreprise",
    "None ticked: active and on-hold projects.": (
        "Si rien n'est coché : projets en cours et suspendus."
    ),
    "Projects whose latest report declares a worse overall health than the report before it": (
        "Projets dont le dernier rapport déclare une météo dégradée par rapport au rapport "
        "précédent"
    ),
    "Previous report": "Rapport précédent",
    "Latest report": "Dernier rapport",
    "Dashboard: %(scope)s": "Tableau de bord : %(scope)s",
    "reporting period: %(period)s": "période de reporting : %(period)s",
    "Export the status table (Excel)": "Exporter le tableau de suivi (Excel)",
    "Key figures": "Chiffres clés",
    "projects in scope": "projets dans le périmètre",
    "Active and on-hold unless filtered": "En cours et suspendus, sauf filtre",
    "rainy or stormy projects": "projets pluvieux ou orageux",
    "%(n)s more than last month": "%(n)s de plus que le mois dernier",
    "%(n)s fewer than last month": "%(n)s de moins que le mois dernier",
    "Same as last month": "Stable par rapport au mois dernier",
    "reports missing this period": "rapports manquants sur la période",
    "milestones due within 60 days": "jalons à échéance sous 60 jours",
    "open risks": "risques ouverts",
    "projects worse than their previous report": (
        "projets en dégradation depuis leur rapport précédent"
    ),
    "Projects by overall health": "Projets par météo",
    "Number of projects per overall health, each linked to the list of those projects": (
        "Nombre de projets par météo, chacun renvoyant à la liste de ces projets"
    ),
    "Health trend over the last 12 months": "Évolution de la météo sur les 12 derniers mois",
    "Each month counts the health each project declared in its report covering the month's last "
    "day; the current month is in progress.": (
        "Chaque mois compte la météo déclarée par chaque projet dans son rapport couvrant le "
        "dernier jour du mois ; le mois en cours n'est pas terminé."
    ),
    "Show the figures of the chart": "Afficher les données du graphique",
    "Figures of the health trend": "Données de l'évolution de la météo",
    "Projects per overall health, month by month": "Projets par météo, mois par mois",
    "Month": "Mois",
    "Milestones due within 60 days or slipped": "Jalons à échéance sous 60 jours ou en glissement",
    "The next open milestones due or slipped, soonest first": (
        "Prochains jalons ouverts à échéance ou en glissement, les plus proches d'abord"
    ),
    "Milestone": "Jalon",
    "Forecast": "Prévision",
    "Slip (days)": "Glissement (jours)",
    "No open milestone is due within 60 days or slipped in this scope.": (
        "Aucun jalon ouvert à échéance sous 60 jours ou en glissement dans ce périmètre."
    ),
    "Top 10 risks by exposure": "Les 10 risques les plus critiques",
    "Open risks with the highest exposure (probability × impact)": (
        "Risques ouverts de plus forte criticité (probabilité × impact)"
    ),
    "Exposure": "Criticité",
    "No open risk in this scope.": "Aucun risque ouvert dans ce périmètre.",
    "Health worse than the previous report": "Météo dégradée depuis le rapport précédent",
    "No project declared a worse health than in its previous report.": (
        "Aucun projet n'a déclaré une météo dégradée par rapport à son rapport précédent."
    ),
    "Worse health": "Météo dégradée",
    "Back to the dashboard": "Retour au tableau de bord",
    "Which milestones": "Jalons à afficher",
    "Open milestones (neither achieved nor cancelled). Due: forecast within 60 days, overdue "
    "ones included. Slipped: forecast later than the baseline.": (
        "Jalons ouverts (ni atteints ni annulés). À échéance : prévision sous 60 jours, jalons en "
        "retard compris. En glissement : prévision postérieure à la référence."
    ),
    "Milestones, soonest forecast first": "Jalons, par date prévisionnelle la plus proche d'abord",
    "overdue": "en retard",
    "No open milestone matches: nothing due within 60 days, overdue or slipped in this scope.": (
        "Aucun jalon ouvert ne correspond : rien à échéance sous 60 jours, en retard ou en "
        "glissement dans ce périmètre."
    ),
    "Reports late for last period": "Rapports en retard sur la période précédente",
    "Reports missing this period": "Rapports manquants sur la période en cours",
    "See this period's missing reports": "Voir les rapports manquants de la période en cours",
    "See last period's late reports": "Voir les rapports en retard de la période précédente",
    "Projects under way with no submitted report for the previous reporting period, which is now "
    "closed.": (
        "Projets en cours sans rapport soumis pour la période de reporting précédente, désormais "
        "close."
    ),
    "Projects under way with no submitted report yet for the current reporting period.": (
        "Projets en cours n'ayant pas encore soumis de rapport pour la période de reporting "
        "actuelle."
    ),
    "Projects and the report they owe": "Projets et rapport attendu",
    "Period": "Période",
    "Report": "Rapport",
    "Last report": "Dernier rapport",
    "Draft in progress": "Brouillon en cours",
    "Not started": "Non commencé",
    "Every project under way submitted its report for last period.": (
        "Tous les projets en cours ont soumis leur rapport pour la période précédente."
    ),
    "Every project under way has submitted its report for this period.": (
        "Tous les projets en cours ont soumis leur rapport pour cette période."
    ),
    "Open risks (not closed) ordered by exposure: probability × impact, from 1 to 16.": (
        "Risques ouverts (non clôturés) classés par criticité : probabilité × impact, de 1 à 16."
    ),
    "Open risks, highest exposure first": "Risques ouverts, les plus critiques d'abord",
    "Due date": "Échéance",
    "current period of each portfolio": "période en cours de chaque portefeuille",
    "%(start)s to %(end)s": "du %(start)s au %(end)s",
    "Projects by overall health: %(scope)s": "Projets par météo : %(scope)s",
    "Overall health over the last 12 months: %(scope)s": (
        "Météo sur les 12 derniers mois : %(scope)s"
    ),
    "Due or slipped": "À échéance ou en glissement",
    "Due within 60 days": "À échéance sous 60 jours",
    "Overdue": "En retard",
    "Slipped": "En glissement",
    "Missing": "Manquant",
    "Estimate at completion (€)": "Atterrissage (€)",
    "Date of last report": "Date du dernier rapport",
    "Report this period": "Rapport de la période",
    "Status table": "Tableau de suivi",
}
PLURALS = {
    "%(counter)s project": ("%(counter)s projet", "%(counter)s projets"),
    "%(count)d message put back in the queue.": (
        "%(count)d message remis en file d'attente.",
        "%(count)d messages remis en file d'attente.",
    ),
    "Status report to submit by %(date)s": (
        "Rapport d'avancement à soumettre au plus tard le %(date)s",
        "%(count)s rapports d'avancement à soumettre au plus tard le %(date)s",
    ),
    "The reporting period from %(start)s to %(end)s closes soon, and the status report of this "
    "project is not submitted yet:": (
        "La période de reporting du %(start)s au %(end)s se termine bientôt et le rapport "
        "d'avancement de ce projet n'est pas encore soumis :",
        "La période de reporting du %(start)s au %(end)s se termine bientôt et les rapports "
        "d'avancement de ces %(count)s projets ne sont pas encore soumis :",
    ),
    "Late status report: %(count)s project for the period ending %(date)s": (
        "Rapport d'avancement en retard : %(count)s projet pour la période close le %(date)s",
        "Rapports d'avancement en retard : %(count)s projets pour la période close le %(date)s",
    ),
    "The reporting period from %(start)s to %(end)s is closed, and this project has still not "
    "submitted its status report:": (
        "La période de reporting du %(start)s au %(end)s est close et ce projet n'a toujours pas "
        "soumis son rapport d'avancement :",
        "La période de reporting du %(start)s au %(end)s est close et ces %(count)s projets n'ont "
        "toujours pas soumis leur rapport d'avancement :",
    ),
    "%(counter)s late for last period": (
        "%(counter)s en retard sur la période précédente",
        "%(counter)s en retard sur la période précédente",
    ),
    "%(counter)s expected": ("%(counter)s attendu", "%(counter)s attendus"),
    "%(counter)s overdue": ("%(counter)s en retard", "%(counter)s en retard"),
    "%(counter)s slipped": ("%(counter)s en glissement", "%(counter)s en glissement"),
    "%(counter)s with exposure 12 or more": (
        "%(counter)s de criticité 12 ou plus",
        "%(counter)s de criticité 12 ou plus",
    ),
    "See the %(counter)s milestone due or slipped": (
        "Voir %(counter)s jalon à échéance ou en glissement",
        "Voir les %(counter)s jalons à échéance ou en glissement",
    ),
    "See the %(counter)s open risk": (
        "Voir %(counter)s risque ouvert",
        "Voir les %(counter)s risques ouverts",
    ),
    "See the %(counter)s project": ("Voir %(counter)s projet", "Voir les %(counter)s projets"),
    "%(counter)s milestone": ("%(counter)s jalon", "%(counter)s jalons"),
    "%(counter)s open risk": ("%(counter)s risque ouvert", "%(counter)s risques ouverts"),
    "%(counter)s late against its baseline": (
        "%(counter)s en retard sur sa référence",
        "%(counter)s en retard sur leur référence",
    ),
    "%(counter)s item": ("%(counter)s élément", "%(counter)s éléments"),
    "%(counter)s risk": ("%(counter)s risque", "%(counter)s risques"),
    "and %(counter)s more": ("et %(counter)s autre", "et %(counter)s autres"),
    "slip of %(days)s day": ("glissement de %(days)s jour", "glissement de %(days)s jours"),
    "+%(days)s d": ("glissement de %(days)s jour", "glissement de %(days)s jours"),
    "−%(days)s d": ("avance de %(days)s jour", "avance de %(days)s jours"),
    "%(count)s milestone saved.": ("%(count)s jalon enregistré.", "%(count)s jalons enregistrés."),
}


def main() -> int:
    path = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"
    po = polib.pofile(str(path))
    missing = []
    for entry in po:
        if entry.msgid_plural:
            if entry.msgid in PLURALS:
                one, many = PLURALS[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
            else:
                missing.append(entry.msgid)
        elif entry.msgid in FR:
            entry.msgstr = FR[entry.msgid]
        else:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags and entry.msgid not in missing:
            entry.flags.remove("fuzzy")
    po.metadata["Project-Id-Version"] = "PMO Portal"
    po.metadata["PO-Revision-Date"] = "2026-11-25 12:00+0100"
    po.metadata["Language-Team"] = "PMO Portal contributors"
    po.metadata["Last-Translator"] = "PMO Portal contributors"
    po.metadata["Language"] = "fr"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
