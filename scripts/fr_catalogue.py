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
    # --- Resources and budgets ---
    "actual costs": "dépenses réelles",
    "purchase order": "bon de commande",
    "committed cost": "engagement",
    "committed costs": "engagements",
    "EAC tolerance (%)": "tolérance sur l'atterrissage (%)",
    "An EAC above the budget by more than this triggers an alert.": (
        "Un atterrissage qui dépasse le budget de plus de ce seuil déclenche une alerte."
    ),
    "alert step (%)": "palier d'alerte (%)",
    "An alert is sent again when the overrun grows by another step.": (
        "Une nouvelle alerte est envoyée chaque fois que le dépassement augmente d'un palier."
    ),
    "escalation after (days)": "escalade après (jours)",
    "An alert still not acknowledged after this many days goes to the sponsor.": (
        "Une alerte toujours pas prise en compte après ce nombre de jours est escaladée au sponsor."
    ),
    "budget control settings": "paramètres du contrôle budgétaire",
    "Actual and committed above budget": "Réalisé et engagé au-delà du budget",
    "EAC above budget": "Atterrissage au-delà du budget",
    "Spending pace will exceed budget": "Le rythme de dépense dépassera le budget",
    "Acknowledged": "Pris en compte",
    "budget (€)": "budget (€)",
    "measured (€)": "montant constaté (€)",
    "overrun (%)": "dépassement (%)",
    "flagged by the project manager": "signalé par le chef de projet",
    "The latest status report already rates the budget red/amber or its EAC shows the overrun.": (
        "Le dernier rapport d'avancement classe déjà le budget en rouge/orange ou son "
        "atterrissage montre le dépassement."
    ),
    "last step notified": "dernier palier notifié",
    "first detected": "première détection",
    "last detected": "dernière détection",
    "acknowledged by": "prise en compte par",
    "acknowledged": "prise en compte le",
    "acknowledgement comment": "commentaire de prise en compte",
    "closed by": "clôturée par",
    "closed": "clôturée le",
    "escalated to the sponsor": "escaladée au sponsor",
    "budget alert": "alerte budgétaire",
    "budget alerts": "alertes budgétaires",
    "%(amount)s k€": "%(amount)s k€",
    "Approved budget %(year)s": "Budget validé %(year)s",
    "Actual costs %(year)s": "Réalisé %(year)s",
    "Forecast %(year)s": "Prévision %(year)s",
    "Forecast above budget %(year)s": "Prévision au-delà du budget %(year)s",
    "Nature: %(nature)s, fiscal year %(year)s": "Nature : %(nature)s, exercice %(year)s",
    "Breach: %(kind)s": "Dépassement : %(kind)s",
    "Budget: %(amount)s": "Budget : %(amount)s",
    "Measured: %(amount)s": "Montant constaté : %(amount)s",
    "Overrun: %(percent)s %%": "Dépassement : %(percent)s %%",
    "Budget overrun on %(code)s (%(nature)s): +%(percent)s %%": (
        "Dépassement budgétaire sur %(code)s (%(nature)s) : +%(percent)s %%"
    ),
    "The budget of this project is overrun and its latest status report does not show it. "
    "Please check the figures and acknowledge the alert with a comment.": (
        "Le budget de ce projet est dépassé et son dernier rapport d'avancement ne le montre "
        "pas. Merci de vérifier les chiffres et de prendre en compte l'alerte avec un "
        "commentaire."
    ),
    "The overrun of this project has grown past a further alert step.": (
        "Le dépassement de ce projet a franchi un nouveau palier d'alerte."
    ),
    "Budget overrun not acknowledged on %(code)s": (
        "Dépassement budgétaire non pris en compte sur %(code)s"
    ),
    "You sponsor this project. Its budget overrun has not been acknowledged by the project "
    "manager %(days)s days after it was detected.": (
        "Vous êtes sponsor de ce projet. Son dépassement budgétaire n'a pas été pris en compte "
        "par le chef de projet %(days)s jours après sa détection."
    ),
    "Say what is being done about the overrun.": (
        "Indiquez ce qui est fait pour traiter le dépassement."
    ),
    "Only an open alert can be acknowledged.": (
        "Seule une alerte ouverte peut être prise en compte."
    ),
    "This alert is already closed.": "Cette alerte est déjà clôturée.",
    "Initial approval": "Validation initiale",
    "A revision of an approved budget needs a reason.": (
        "Une révision d'un budget validé doit être motivée."
    ),
    "Missing columns: %(columns)s.": "Colonnes manquantes : %(columns)s.",
    "Unknown resource “%(name)s”.": "Ressource « %(name)s » inconnue.",
    "Several resources are named “%(name)s”.": "Plusieurs ressources s'appellent « %(name)s ».",
    "The resource “%(name)s” is no longer active.": "La ressource « %(name)s » n'est plus active.",
    "Month “%(value)s” not understood (expected 2026-07 or 07/2026).": (
        "Mois « %(value)s » non reconnu (attendu : 2026-07 ou 07/2026)."
    ),
    "FTE “%(value)s” must be between 0 and 10 with two decimals at most.": (
        "L'ETP « %(value)s » doit être compris entre 0 et 10, avec deux décimales au plus."
    ),
    "Unknown project “%(code)s”.": "Projet « %(code)s » inconnu.",
    "You may not request allocations for %(code)s.": (
        "Vous ne pouvez pas demander d'affectations pour %(code)s."
    ),
    "Only the PMO and resource managers set capacity.": (
        "Seuls le PMO et les responsables de ressources définissent la capacité."
    ),
    "This line repeats an earlier line of the file.": (
        "Cette ligne répète une ligne précédente du fichier."
    ),
    "The file is too large (%(size)s MB); the limit is %(limit)s MB.": (
        "Le fichier est trop volumineux (%(size)s Mo) ; la limite est de %(limit)s Mo."
    ),
    "The file is empty.": "Le fichier est vide.",
    "Only .csv, .txt or .xlsx files can be imported (this one is “%(name)s”).": (
        "Seuls les fichiers .csv, .txt ou .xlsx peuvent être importés (celui-ci est « %(name)s »)."
    ),
    "This file is not an Excel workbook (.xlsx) despite its name.": (
        "Ce fichier n'est pas un classeur Excel (.xlsx) malgré son nom."
    ),
    "This archive is not an Excel workbook (.xlsx).": (
        "Cette archive n'est pas un classeur Excel (.xlsx)."
    ),
    "This Excel workbook is damaged and cannot be read.": (
        "Ce classeur Excel est endommagé et ne peut pas être lu."
    ),
    "This file is not a text (CSV) file: export it as CSV or as .xlsx.": (
        "Ce fichier n'est pas un fichier texte (CSV) : exportez-le en CSV ou en .xlsx."
    ),
    "This Excel workbook cannot be read.": "Ce classeur Excel ne peut pas être lu.",
    "The file has no header line.": "Le fichier n'a pas de ligne d'en-tête.",
    "date (Date comptable)": "date (« Date comptable »)",
    "reference (N° pièce)": "référence (« N° pièce »)",
    "project code (Élément d'OTP)": "code projet (« Élément d'OTP »)",
    "amount (Montant)": "montant (« Montant »)",
    "Columns not found in the header line: %(columns)s.": (
        "Colonnes introuvables dans la ligne d'en-tête : %(columns)s."
    ),
    "total line, ignored": "ligne de total, ignorée",
    "missing reference (N° pièce)": "référence manquante (« N° pièce »)",
    "reference longer than 60 characters": "référence de plus de 60 caractères",
    "missing project code": "code projet manquant",
    "bad date “%(value)s” (expected dd/mm/yyyy)": (
        "date « %(value)s » incorrecte (attendu : jj/mm/aaaa)"
    ),
    "bad amount “%(value)s”": "montant « %(value)s » incorrect",
    "unknown nature “%(value)s” (expected CAPEX or OPEX)": (
        "nature « %(value)s » inconnue (attendu : CAPEX ou OPEX)"
    ),
    "currency %(value)s is not EUR": "la devise %(value)s n'est pas EUR",
    "unknown project code %(code)s": "code projet %(code)s inconnu",
    "reference %(reference)s already appears on line %(line)s": (
        "la référence %(reference)s figure déjà à la ligne %(line)s"
    ),
    "Budget alert on %(code)s": "Alerte budgétaire sur %(code)s",
    "Budget alert": "Alerte budgétaire",
    "Close the alert": "Clôturer l'alerte",
    "Measured": "Constaté",
    "Overrun": "Dépassement",
    "Flagged by the PM": "Signalé par le chef de projet",
    "Yes: the latest status report already shows the overrun.": (
        "Oui : le dernier rapport d'avancement montre déjà le dépassement."
    ),
    "No: the latest status report does not show the overrun.": (
        "Non : le dernier rapport d'avancement ne montre pas le dépassement."
    ),
    "Declared budget health": "Météo du budget déclarée",
    "First detected": "Première détection",
    "Last detected": "Dernière détection",
    "escalated on %(day)s": "escaladée le %(day)s",
    "Acknowledge the alert": "Prendre en compte l'alerte",
    "Acknowledge": "Prendre en compte",
    "Budget overruns found by the daily scan: actual and committed costs, EAC and spending "
    "pace against the approved budget.": (
        "Dépassements budgétaires détectés par le contrôle quotidien : réalisé et engagé, "
        "atterrissage et rythme de dépense comparés au budget validé."
    ),
    "Budget alerts, the ones waiting longest first": (
        "Alertes budgétaires, les plus anciennes en attente d'abord"
    ),
    "Age (days)": "Ancienneté (jours)",
    "Yes": "Oui",
    "No": "Non",
    "No budget alert matches these filters.": (
        "Aucune alerte budgétaire ne correspond à ces filtres."
    ),
    "Show all alerts": "Afficher toutes les alertes",
    "No budget alert: the daily scan has found no overrun. Alerts appear here when a "
    "project's costs, EAC or spending pace exceed its approved budget.": (
        "Aucune alerte budgétaire : le contrôle quotidien n'a détecté aucun dépassement. Les "
        "alertes apparaissent ici quand les dépenses, l'atterrissage ou le rythme de dépense "
        "d'un projet dépassent son budget validé."
    ),
    "Save": "Enregistrer",
    "Upload the finance export: you will see every row before anything is saved.": (
        "Déposez l'export du contrôle de gestion : vous verrez chaque ligne avant tout "
        "enregistrement."
    ),
    "The file cannot be imported:": "Le fichier ne peut pas être importé :",
    "Preview the import": "Aperçu de l'import",
    "What the file must contain": "Ce que le fichier doit contenir",
    "A header line naming at least the columns: date (Date comptable), reference (N° pièce), "
    "project code (Élément d'OTP) and amount (Montant). Other columns read: Nature "
    "(CAPEX/OPEX, else OPEX), Catégorie (else Other), Libellé, Fournisseur, Devise (EUR only).": (
        "Une ligne d'en-tête nommant au moins les colonnes : « Date comptable », « N° pièce », "
        "« Élément d'OTP » (code projet) et « Montant ». Autres colonnes lues : « Nature » "
        "(CAPEX/OPEX, sinon OPEX), « Catégorie » (sinon Autre), « Libellé », « Fournisseur », "
        "« Devise » (EUR uniquement)."
    ),
    "Dates as dd/mm/yyyy or yyyy-mm-dd; amounts with a decimal comma or point, negative for "
    "credit notes.": (
        "Dates au format jj/mm/aaaa ou aaaa-mm-jj ; montants avec une virgule ou un point "
        "décimal, négatifs pour les avoirs."
    ),
    "A reference already imported is skipped: importing the same file twice adds nothing. A "
    "row with an error stops the whole import.": (
        "Une référence déjà importée est ignorée : importer deux fois le même fichier n'ajoute "
        "rien. Une ligne en erreur bloque tout l'import."
    ),
    "Preview of the cost import": "Aperçu de l'import des dépenses",
    "Preview": "Aperçu",
    "Upload another file": "Déposer un autre fichier",
    "Nothing will be imported until these rows are corrected in the file:": (
        "Rien ne sera importé tant que ces lignes ne sont pas corrigées dans le fichier :"
    ),
    "Line %(line)s": "Ligne %(line)s",
    "Nothing new to import: every reference of this file was already imported.": (
        "Rien de nouveau à importer : toutes les références de ce fichier ont déjà été importées."
    ),
    "Total of the new costs: %(total)s €. Nothing is saved until you confirm.": (
        "Total des nouvelles dépenses : %(total)s €. Rien n'est enregistré avant votre "
        "confirmation."
    ),
    "Every line of the file with what the import will do with it": (
        "Chaque ligne du fichier et ce que l'import en fera"
    ),
    "Line": "Ligne",
    "Result": "Résultat",
    "Date": "Date",
    "Reference": "Référence",
    "Supplier": "Fournisseur",
    "Amount": "Montant",
    "New": "Nouvelle",
    "Already imported, skipped": "Déjà importée, ignorée",
    "Ignored": "Ignorée",
    "Portfolio budgets %(year)s": "Budgets des portefeuilles %(year)s",
    "Envelope, approved budget, actual costs and forecast per nature, consolidated over each "
    "node; forecast = the larger of approved and actual + committed.": (
        "Enveloppe, budget validé, réalisé et prévision par nature, consolidés à chaque "
        "niveau ; prévision = le plus élevé du budget validé et de réalisé + engagé."
    ),
    "Show": "Afficher",
    "Budget per portfolio node and nature; each node links to its projects": (
        "Budget par niveau de portefeuille et par nature ; chaque niveau mène à ses projets"
    ),
    "Envelope": "Enveloppe",
    "Committed": "Engagé",
    "Forecast − envelope": "Prévision − enveloppe",
    "No portfolio to show: you are not a member of any portfolio and manage no project.": (
        "Aucun portefeuille à afficher : vous n'êtes membre d'aucun portefeuille et ne "
        "pilotez aucun projet."
    ),
    "Projects of %(name)s": "Projets de %(name)s",
    "Projects of the chosen node and below it, with their budget figures of the year": (
        "Projets du niveau choisi et des niveaux inférieurs, avec leurs chiffres budgétaires "
        "de l'exercice"
    ),
    "Consumed": "Consommé",
    "over budget": "au-delà du budget",
    "No project you can read in this portfolio.": (
        "Aucun projet de ce portefeuille ne vous est accessible."
    ),
    "Budget of %(code)s": "Budget de %(code)s",
    "%(amount)s € approved": "%(amount)s € validés",
    "Declared budget health:": "Météo du budget déclarée :",
    "Approve a budget line": "Valider une ligne budgétaire",
    "Add an actual cost": "Ajouter une dépense réelle",
    "Add a committed cost": "Ajouter un engagement",
    "By nature": "Par nature",
    "Budget and costs per nature, all fiscal years; consumed = (actual + committed) / approved": (
        "Budget et dépenses par nature, tous exercices confondus ; consommé = "
        "(réalisé + engagé) / budget validé"
    ),
    "Remaining": "Reste à dépenser",
    "Budget at completion (BAC, approved)": "Budget à terminaison (BAC, validé)",
    "Declared EAC (latest status report)": "Atterrissage déclaré (dernier rapport d'avancement)",
    "not declared": "non déclaré",
    "Variance at completion (BAC − EAC)": "Écart à terminaison (BAC − atterrissage)",
    "overrun": "dépassement",
    "Earned value": "Valeur acquise",
    "Planned value (PV)": "Valeur planifiée (VP)",
    "Earned value (EV)": "Valeur acquise (VA)",
    "no declared completion": "aucun avancement déclaré",
    "Actual cost (AC)": "Coût réel (CR)",
    "Cost performance index (CPI = EV / AC)": ("Indice de performance des coûts (IPC = VA / CR)"),
    "Schedule performance index (SPI = EV / PV)": (
        "Indice de performance des délais (IPD = VA / VP)"
    ),
    "PV spreads the approved budget evenly over the planned dates; EV is the declared %% "
    "complete × the budget; below 1, CPI means the work costs more than planned and SPI "
    "that it is late.": (
        "La VP répartit uniformément le budget validé sur les dates prévues ; la VA est le "
        "%% d'avancement déclaré × le budget ; en dessous de 1, l'IPC signifie que le travail "
        "coûte plus que prévu et l'IPD qu'il est en retard."
    ),
    "Budget lines": "Lignes budgétaires",
    "Budget lines per fiscal year, nature and category with actual and committed costs": (
        "Lignes budgétaires par exercice, nature et catégorie, avec le réalisé et l'engagé"
    ),
    "no budget line": "aucune ligne budgétaire",
    "over": "dépassement",
    "Revise": "Réviser",
    "Approve": "Valider",
    "No budget line has been approved for this project yet.": (
        "Aucune ligne budgétaire n'a encore été validée pour ce projet."
    ),
    "Actual costs": "Réalisé (dépenses réelles)",
    "Actual costs, most recent first": "Dépenses réelles, les plus récentes d'abord",
    "Source": "Source",
    "No actual cost recorded yet: enter one or import the finance export.": (
        "Aucune dépense réelle enregistrée : saisissez-en une ou importez l'export du "
        "contrôle de gestion."
    ),
    "Open commitments": "Engagements ouverts",
    "Open purchase orders not yet invoiced (the 20 most recent)": (
        "Bons de commande ouverts pas encore facturés (les 20 plus récents)"
    ),
    "Purchase order": "Bon de commande",
    "No open purchase order.": "Aucun bon de commande ouvert.",
    "Allocations of %(month)s": "Affectations de %(month)s",
    "approved and requested": "validées et demandées",
    "approved only": "validées uniquement",
    "Back to the capacity plan": "Retour au plan de charge",
    "Allocations behind the capacity cell": "Affectations derrière la cellule du plan de charge",
    "Resource": "Ressource",
    "A project outside your portfolios": "Un projet hors de vos portefeuilles",
    "No allocation in this month for this selection: the capacity is free.": (
        "Aucune affectation ce mois-ci pour cette sélection : la capacité est libre."
    ),
    "FTE consumption": "Consommation d'ETP",
    "FTE per project and month over the next 12 months: planned (requested and approved) "
    "against approved.": (
        "ETP par projet et par mois sur les 12 prochains mois : prévus (demandés et validés) "
        "comparés aux validés."
    ),
    "Apply": "Appliquer",
    "Reset": "Réinitialiser",
    "Planned / approved FTE per project (rows) and month (columns)": (
        "ETP prévus / validés par projet (lignes) et par mois (colonnes)"
    ),
    "awaiting a decision": "en attente de décision",
    "All projects of the selection": "Tous les projets de la sélection",
    "Each cell: planned / approved FTE; * marks requests still awaiting a decision.": (
        "Chaque cellule : ETP prévus / validés ; * signale des demandes encore en attente "
        "de décision."
    ),
    "No project of this selection has allocations over the next 12 months.": (
        "Aucun projet de cette sélection n'a d'affectation sur les 12 prochains mois."
    ),
    "See the projects": "Voir les projets",
    "Demand (approved and requested allocations) against capacity, in FTE, over the next 12 "
    "months.": (
        "Charge (affectations validées et demandées) comparée à la capacité, en ETP, sur les "
        "12 prochains mois."
    ),
    "Demand (approved allocations) against capacity, in FTE, over the next 12 months.": (
        "Charge (affectations validées) comparée à la capacité, en ETP, sur les 12 prochains mois."
    ),
    "Import a file": "Importer un fichier",
    "FTE consumption per project": "Consommation d'ETP par projet",
    "Each cell: utilisation (demand ÷ capacity), then demand / capacity in FTE. ▲ marks an "
    "over-allocation (above 100 %%), ▽ an idle capacity (below 50 %%). Open a cell to see "
    "the allocations behind it.": (
        "Chaque cellule : taux d'occupation (charge ÷ capacité), puis charge / capacité en "
        "ETP. ▲ signale une surcharge (au-delà de 100 %%), ▽ une capacité inemployée (en "
        "dessous de 50 %%). Ouvrez une cellule pour voir les affectations correspondantes."
    ),
    "Utilisation per team (rows) and month (columns)": (
        "Taux d'occupation par équipe (lignes) et par mois (colonnes)"
    ),
    "Utilisation per resource (rows) and month (columns)": (
        "Taux d'occupation par ressource (lignes) et par mois (colonnes)"
    ),
    "over-allocated": "surcharge",
    "idle": "inemployée",
    "No active resource matches these filters: the capacity plan has nothing to show.": (
        "Aucune ressource active ne correspond à ces filtres : le plan de charge est vide."
    ),
    "See the resources": "Voir les ressources",
    "Import allocations or capacity": "Importer des affectations ou des capacités",
    "Import": "Importer",
    "Preview a CSV or Excel file first: every line is checked and nothing is saved. Importing "
    "saves all lines, or none if one is wrong.": (
        "Affichez d'abord l'aperçu d'un fichier CSV ou Excel : chaque ligne est vérifiée et "
        "rien n'est enregistré. L'import enregistre toutes les lignes, ou aucune si l'une "
        "d'elles est erronée."
    ),
    "Preview (nothing saved)": "Aperçu (rien n'est enregistré)",
    "The file has no line to import.": "Le fichier ne contient aucune ligne à importer.",
    "Lines of the file with their errors": "Lignes du fichier avec leurs erreurs",
    "Check": "Vérification",
    "OK": "OK",
    "See the capacity plan with requests": "Voir le plan de charge avec les demandes",
    "Approve all of %(code)s": "Tout valider pour %(code)s",
    "Requested allocations of %(code)s": "Affectations demandées pour %(code)s",
    "Requested by": "Demandée par",
    "Reason (to reject)": "Motif (pour refuser)",
    "Reject": "Refuser",
    "A rejection needs a reason.": "Un refus doit être motivé.",
    "No allocation waits for your decision: project managers request them from the "
    "Allocations tab of their projects.": (
        "Aucune affectation n'attend votre décision : les chefs de projet les demandent depuis "
        "l'onglet Affectations de leurs projets."
    ),
    "Open the capacity plan": "Ouvrir le plan de charge",
    "Allocations of %(code)s": "Affectations de %(code)s",
    "FTE per resource and month over the next 12 months; what you enter is requested from "
    "the resource managers.": (
        "ETP par ressource et par mois sur les 12 prochains mois ; ce que vous saisissez est "
        "demandé aux responsables de ressources."
    ),
    "Add a resource": "Ajouter une ressource",
    "FTE allocated per resource (rows) and month (columns); the status of each cell is "
    "written under its value": (
        "ETP affectés par ressource (lignes) et par mois (colonnes) ; le statut de chaque "
        "cellule est indiqué sous sa valeur"
    ),
    "Total FTE": "Total ETP",
    "FTE between 0 and 10, two decimals at most. A new or changed cell is requested again; "
    "an emptied cell removes its allocation. If one cell is wrong, nothing is saved.": (
        "ETP entre 0 et 10, deux décimales au plus. Une cellule nouvelle ou modifiée fait "
        "l'objet d'une nouvelle demande ; une cellule vidée supprime son affectation. Si une "
        "cellule est erronée, rien n'est enregistré."
    ),
    "Request these allocations": "Demander ces affectations",
    "No resource is allocated to this project over the next 12 months.": (
        "Aucune ressource n'est affectée à ce projet sur les 12 prochains mois."
    ),
    "Add the first resource": "Ajouter la première ressource",
    "Add a row to the grid": "Ajouter une ligne à la grille",
    "The row is added to the grid; it is saved when you request its allocations.": (
        "La ligne est ajoutée à la grille ; elle est enregistrée quand vous demandez ses "
        "affectations."
    ),
    "Every active resource already has a row in the grid.": (
        "Chaque ressource active a déjà une ligne dans la grille."
    ),
    "resource manager:": "responsable de ressources :",
    "inactive": "inactive",
    "Edit the resource": "Modifier la ressource",
    "Skills": "Compétences",
    "User account": "Compte utilisateur",
    "Cost rate per day": "Taux journalier",
    "Default FTE": "ETP par défaut",
    "Available": "Disponible",
    "from": "du",
    "until": "jusqu'au",
    "without limit": "sans limite",
    "Next 12 months": "12 prochains mois",
    "Capacity and approved demand of the resource per month, in FTE": (
        "Capacité et charge validée de la ressource par mois, en ETP"
    ),
    "Capacity": "Capacité",
    "Availability": "Disponibilité",
    "Approved demand": "Charge validée",
    "set for the month (part time, leave…)": "définie pour le mois (temps partiel, congés…)",
    "default": "par défaut",
    "Edit %(name)s": "Modifier %(name)s",
    "New resource": "Nouvelle ressource",
    "A person or a material resource, its team and its capacity per month.": (
        "Une personne ou une ressource matérielle, son équipe et sa capacité par mois."
    ),
    "Nothing was saved. Please correct the fields marked below.": (
        "Rien n'a été enregistré. Merci de corriger les champs signalés ci-dessous."
    ),
    "Availability per month": "Disponibilité par mois",
    "Leave a month empty to use the default FTE; type the available FTE for part time or "
    "leave (0 for a month away).": (
        "Laissez un mois vide pour utiliser l'ETP par défaut ; saisissez l'ETP disponible en "
        "cas de temps partiel ou de congés (0 pour un mois d'absence)."
    ),
    "Save the resource": "Enregistrer la ressource",
    "Resources, by name": "Ressources, par nom",
    "No resource matches these filters.": "Aucune ressource ne correspond à ces filtres.",
    "No resource yet: capacity cannot be planned without the people and material resources.": (
        "Aucune ressource pour l'instant : la capacité ne peut pas être planifiée sans les "
        "personnes et les ressources matérielles."
    ),
    "Clear the filters": "Effacer les filtres",
    "Alert acknowledged.": "Alerte prise en compte.",
    "Alert closed.": "Alerte clôturée.",
    "Budget line approved.": "Ligne budgétaire validée.",
    "Budget line revised.": "Ligne budgétaire révisée.",
    "Approve or revise a budget line": "Valider ou réviser une ligne budgétaire",
    "A new line takes the amount as its baseline. For an existing nature, category and year "
    "the approved amount is revised, with a reason kept in its history; the baseline does not "
    "change.": (
        "Une nouvelle ligne prend le montant comme budget initial. Pour une nature, une "
        "catégorie et un exercice existants, le montant validé est révisé, avec un motif "
        "conservé dans son historique ; le budget initial ne change pas."
    ),
    "Actual cost added.": "Dépense réelle ajoutée.",
    "Committed cost added.": "Engagement ajouté.",
    "This preview has expired: upload the file again.": (
        "Cet aperçu a expiré : déposez à nouveau le fichier."
    ),
    "Another import saved some of these references meanwhile; nothing was saved. Upload the "
    "file again.": (
        "Un autre import a enregistré entre-temps certaines de ces références ; rien n'a été "
        "enregistré. Déposez à nouveau le fichier."
    ),
    "%(new)s actual costs imported from %(name)s; %(skipped)s already imported, skipped.": (
        "%(new)s dépenses réelles importées depuis %(name)s ; %(skipped)s déjà importées, ignorées."
    ),
    "Allocations sent for decision: %(created)s new, %(changed)s changed, %(deleted)s removed.": (
        "Affectations soumises à décision : %(created)s nouvelles, %(changed)s modifiées, "
        "%(deleted)s supprimées."
    ),
    "Nothing changed: no allocation was requested.": (
        "Aucun changement : aucune affectation n'a été demandée."
    ),
    "%(count)s allocations of %(code)s approved.": "%(count)s affectations de %(code)s validées.",
    "Nothing was saved: a rejection needs a reason.": (
        "Rien n'a été enregistré : un refus doit être motivé."
    ),
    "Allocation of %(resource)s to %(code)s approved.": (
        "Affectation de %(resource)s à %(code)s validée."
    ),
    "Allocation of %(resource)s to %(code)s rejected.": (
        "Affectation de %(resource)s à %(code)s refusée."
    ),
    "This allocation was already decided.": "Cette affectation a déjà fait l'objet d'une décision.",
    "Nothing was saved: choose approve or reject.": (
        "Rien n'a été enregistré : choisissez de valider ou de refuser."
    ),
    "Resource “%(name)s” saved.": "Ressource « %(name)s » enregistrée.",
    "%(count)s lines imported.": "%(count)s lignes importées.",
    "Capacity plan": "Plan de charge",
    "Allocations to decide": "Affectations à valider",
    "Portfolio budgets": "Budgets des portefeuilles",
    "Import actual costs": "Importer les dépenses réelles",
    "Budget alerts": "Alertes budgétaires",
    "Allocations": "Affectations",
    "All": "Tous",
    "Flagged by the project manager": "Signalé par le chef de projet",
    "Not flagged": "Non signalé",
    "Nature": "Nature",
    "Flagged": "Signalé",
    "What is being done about the overrun (re-forecast, budget revision…).": (
        "Ce qui est fait pour traiter le dépassement (nouvelle prévision, révision du budget…)."
    ),
    "Fiscal year": "Exercice",
    "Category": "Catégorie",
    "Approved budget (€)": "Budget validé (€)",
    "Reason for the revision": "Motif de la révision",
    "Required when the line already exists (a revision).": (
        "Obligatoire quand la ligne existe déjà (révision)."
    ),
    "A cost with this reference is already recorded (imported or entered).": (
        "Une dépense avec cette référence est déjà enregistrée (importée ou saisie)."
    ),
    "Finance export": "Export du contrôle de gestion",
    "CSV (any separator, UTF-8 or Windows-1252) or Excel .xlsx, {limit} MB at most.": (
        "CSV (tout séparateur, UTF-8 ou Windows-1252) ou Excel .xlsx, {limit} Mo au plus."
    ),
    "%(resource)s, %(month)s": "%(resource)s, %(month)s",
    "This resource is no longer active.": "Cette ressource n'est plus active.",
    "Reason for the rejection": "Motif du refus",
    "The end of availability is before its start.": (
        "La fin de disponibilité est antérieure à son début."
    ),
    "Available FTE in %(month)s": "ETP disponibles en %(month)s",
    "Team": "Équipe",
    "Skill": "Compétence",
    "Include requested allocations": "Inclure les affectations demandées",
    "Rows": "Lignes",
    "Teams": "Équipes",
    "All teams": "Toutes les équipes",
    "No team": "Sans équipe",
    "Include inactive resources": "Inclure les ressources inactives",
    "What the file holds": "Contenu du fichier",
    "Allocations: project, resource, month, FTE": "Affectations : projet, ressource, mois, ETP",
    "Capacity: resource, month, available FTE": "Capacité : ressource, mois, ETP disponibles",
    "File (CSV or Excel .xlsx)": "Fichier (CSV ou Excel .xlsx)",
    "First line: column names. Months as 2026-07 or 07/2026; FTE as 0,5 or 0.5.": (
        "Première ligne : noms des colonnes. Mois au format 2026-07 ou 07/2026 ; ETP au "
        "format 0,5 ou 0.5."
    ),
    "resource manager": "responsable de ressources",
    "team": "équipe",
    "teams": "équipes",
    "skill": "compétence",
    "skills": "compétences",
    "Person": "Personne",
    "Equipment": "Équipement",
    "Licence": "Licence",
    "Room": "Salle",
    "Other material": "Autre matériel",
    "user account": "compte utilisateur",
    "cost rate per day (€)": "taux journalier (€)",
    "default FTE": "ETP par défaut",
    "available from": "disponible à partir du",
    "available until": "disponible jusqu'au",
    "active": "active",
    "resource": "ressource",
    "month": "mois",
    "available FTE": "ETP disponibles",
    "availability": "disponibilité",
    "availabilities": "disponibilités",
    "A month is given by its first day.": "Un mois est désigné par son premier jour.",
    "Requested": "Demandé",
    "Rejected": "Refusé",
    "FTE": "ETP",
    "requested by": "demandé par",
    "decided by": "décidé par",
    "decided": "décidé le",
    "allocation": "affectation",
    "allocations": "affectations",
    "CAPEX": "CAPEX (investissement)",
    "OPEX": "OPEX (fonctionnement)",
    "Internal labour": "Main-d'œuvre interne",
    "External services": "Prestations externes",
    "Hardware": "Matériel",
    "Software": "Logiciel",
    "Other": "Autre",
    "nature": "nature",
    "category": "catégorie",
    "approved budget (€)": "budget validé (€)",
    "baseline budget (€)": "budget initial (€)",
    "budget line": "ligne budgétaire",
    "budget lines": "lignes budgétaires",
    "Entered": "Saisie",
    "Imported": "Importée",
    "Derived from allocations": "Calculée à partir des affectations",
    "date": "date",
    "amount (€)": "montant (€)",
    "supplier": "fournisseur",
    "reference": "référence",
    "Document number of the finance system (N° pièce); unique when given.": (
        "Numéro de pièce du système comptable (N° pièce) ; unique quand il est renseigné."
    ),
    "source": "source",
    "entered by": "saisi par",
    "actual cost": "dépense réelle",
    "Budget figures of the portfolios": "Chiffres budgétaires des portefeuilles",
    "Internal labour %(month)s: %(fte)s FTE": "Main-d'œuvre interne %(month)s : %(fte)s ETP",
    "Month of internal labour": "Mois de main-d'œuvre interne",
    "Record internal labour": "Comptabiliser la main-d'œuvre interne",
    "Choose the month to derive (year and month).": (
        "Choisissez le mois à comptabiliser (année et mois)."
    ),
    "Internal labour of %(month)s recorded: %(count)s allocation(s).": (
        "Main-d'œuvre interne de %(month)s comptabilisée : %(count)s affectation(s)."
    ),
    "No approved allocation that month: nothing recorded.": (
        "Aucune affectation validée ce mois-là : rien n'a été comptabilisé."
    ),
    "All skills": "Toutes les compétences",
    # --- COPIL pack (PDF) ---
    "Contents": "Sommaire",
    "Executive summary": "Synthèse",
    "Appendix A — Consolidated budget": "Annexe A — Budget consolidé",
    "Appendix B — Milestone calendar": "Annexe B — Calendrier des jalons",
    "Appendix C — Follow-up of the decisions": "Annexe C — Suivi des décisions",
    "Appendices": "Annexes",
    "Confidential — restricted distribution": "Confidentiel — diffusion restreinte",
    "COPIL of %(date)s": "COPIL du %(date)s",
    "The COPIL pack took longer than %(seconds)s s to render: stopped.": (
        "La génération du support de COPIL a dépassé %(seconds)s s : elle a été interrompue."
    ),
    "not reported": "non renseigné",
    "Without a team": "Sans équipe",
    "Appendix A": "Annexe A",
    "Consolidated budget": "Budget consolidé",
    "Fiscal year %(year)s in k€, both natures; budget at completion (all years) against the "
    "estimate at completion.": (
        "Exercice %(year)s en k€, CAPEX et OPEX ; budget tous exercices comparé à l'atterrissage."
    ),
    "CAPEX approved": "CAPEX validé",
    "OPEX approved": "OPEX validé",
    "Variance": "Écart",
    "EAC": "Atterrissage",
    "Variance: forecast − approved for the year. Budget: approved over every year; an estimate "
    "at completion (EAC) in red exceeds it.": (
        "Écart : prévision − budget validé de l'exercice. Budget : validé sur tous les "
        "exercices ; un atterrissage en rouge le dépasse."
    ),
    "Appendix B": "Annexe B",
    "Milestone calendar": "Calendrier des jalons",
    "Open milestones forecast from %(start)s to %(end)s (the next quarter).": (
        "Jalons ouverts prévus du %(start)s au %(end)s (le trimestre à venir)."
    ),
    "Slip (d)": "Glissement (j)",
    "No milestone this month.": "Aucun jalon ce mois-ci.",
    "Appendix C": "Annexe C",
    "Follow-up of the previous decisions": "Suivi des décisions du COPIL précédent",
    "Decision log of “%(title)s” of %(day)s.": "Relevé de décisions du « %(title)s » du %(day)s.",
    "Follow-up": "Suivi",
    "In bold red: past its due date and not done.": (
        "En rouge gras : échéance dépassée sans que la décision soit soldée."
    ),
    "The previous COPIL recorded no decision.": "Le COPIL précédent n'a acté aucune décision.",
    "This is the first COPIL of this scope: no earlier decision to follow up.": (
        "Premier COPIL de ce périmètre : aucune décision antérieure à suivre."
    ),
    "Steering committee pack": "Support de COPIL",
    "Data as of %(when)s, taken from the PMO Portal.": (
        "Données au %(when)s, extraites du portail PMO."
    ),
    "status report of %(start)s to %(end)s": "rapport d'avancement du %(start)s au %(end)s",
    "no submitted status report": "aucun rapport d'avancement soumis",
    "Complete": "Avancement",
    "%(days)s d": "%(days)s j",
    "Open risks": "Risques ouverts",
    "Achievements": "Réalisations",
    "Not stated.": "Non renseigné.",
    "Decisions requested": "Décisions attendues",
    "None this period.": "Aucune sur la période.",
    "Forecast (✓ achieved)": "Prévision (✓ atteint)",
    "No milestone planned.": "Aucun jalon planifié.",
    "Budget %(year)s": "Budget %(year)s",
    "forecast: the larger of approved and actual + committed": (
        "prévision : le plus élevé du validé et du réel + engagé"
    ),
    "No budget line nor cost this fiscal year.": (
        "Aucune ligne budgétaire ni dépense sur l'exercice."
    ),
    "Approved budget, all years: %(bac)s k€ · estimate at completion: %(eac)s k€": (
        "Budget validé, tous exercices : %(bac)s k€ · atterrissage : %(eac)s k€"
    ),
    "Risk and response": "Risque et parade",
    "Exposure (P × I)": "Criticité (P × I)",
    "No open risk.": "Aucun risque ouvert.",
    "projects covered": "projets suivis",
    "open milestones slipped against their baseline": (
        "jalons ouverts en glissement sur leur référence"
    ),
    "%(overdue)s overdue, %(planned)s open in all": (
        "%(overdue)s en retard, %(planned)s ouverts au total"
    ),
    "critical risks (exposure 12 or more)": "risques critiques (criticité 12 ou plus)",
    "%(n)s open risks in all": "%(n)s risques ouverts au total",
    "forecast above approved budget %(year)s": "prévision au-delà du budget validé %(year)s",
    "Portfolio health": "Météo du portefeuille",
    "overall health (météo) declared in the latest status reports": (
        "météo déclarée dans les derniers rapports d'avancement"
    ),
    "Forecast − approved": "Prévision − validé",
    "Capacity tension": "Tension sur les capacités",
    "teams over-allocated in the next three months on which the covered projects draw "
    "(approved allocations)": (
        "équipes en surcharge dans les trois prochains mois et sollicitées par ces projets "
        "(affectations validées)"
    ),
    "FTE of these projects": "ETP de ces projets",
    "Load of the team (every project) against its capacity; over-allocation in bold red.": (
        "Charge de l'équipe (tous projets) rapportée à sa capacité ; surcharge en rouge gras."
    ),
    "No team the covered projects draw on is over-allocated in the next three months.": (
        "Aucune équipe sollicitée par ces projets n'est en surcharge dans les trois prochains mois."
    ),
    "Decisions requested at this COPIL": "Décisions attendues de ce COPIL",
    "escalations of the latest status reports": "escalades des derniers rapports d'avancement",
    "No project asks the steering committee for a decision.": (
        "Aucun projet ne demande de décision au COPIL."
    ),
    "Budget alerts not flagged by the project managers": (
        "Alertes budgétaires non signalées par les chefs de projet"
    ),
    "Alert": "Alerte",
    "No open budget alert that the status reports leave unflagged.": (
        "Aucune alerte budgétaire ouverte que les rapports d'avancement passeraient sous silence."
    ),
    "Project manager: %(name)s": "Chef de projet : %(name)s",
    "Sponsor: %(name)s": "Sponsor : %(name)s",
    "%(axis)s: %(level)s": "%(axis)s : %(level)s",
    "Approved budget, all years: %(bac)s k€ · no estimate at completion stated": (
        "Budget validé, tous exercices : %(bac)s k€ · atterrissage non renseigné"
    ),
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
    # --- Resources and budgets ---
    "%(counter)s alert": ("%(counter)s alerte", "%(counter)s alertes"),
    "%(counter)s new cost": ("%(counter)s nouvelle dépense", "%(counter)s nouvelles dépenses"),
    "%(counter)s already imported": ("%(counter)s déjà importée", "%(counter)s déjà importées"),
    "%(counter)s error": ("%(counter)s erreur", "%(counter)s erreurs"),
    "Import %(counter)s cost": ("Importer %(counter)s dépense", "Importer %(counter)s dépenses"),
    "%(counter)s over-allocated cell.": (
        "%(counter)s cellule en surcharge.",
        "%(counter)s cellules en surcharge.",
    ),
    "Nothing was saved: %(counter)s line has an error.": (
        "Rien n'a été enregistré : %(counter)s ligne comporte une erreur.",
        "Rien n'a été enregistré : %(counter)s lignes comportent des erreurs.",
    ),
    "%(counter)s line is ready to import.": (
        "%(counter)s ligne est prête à être importée.",
        "%(counter)s lignes sont prêtes à être importées.",
    ),
    "%(counter)s requested allocation of the resources you manage": (
        "%(counter)s affectation demandée pour les ressources dont vous êtes responsable",
        "%(counter)s affectations demandées pour les ressources dont vous êtes responsable",
    ),
    "%(counter)s resource: people and material resources with their team, skills and capacity": (
        "%(counter)s ressource : personnes et ressources matérielles avec leur équipe, leurs "
        "compétences et leur capacité",
        "%(counter)s ressources : personnes et ressources matérielles avec leur équipe, leurs "
        "compétences et leur capacité",
    ),
    # --- COPIL pack (PDF) ---
    "%(counter)s without a status report": (
        "%(counter)s sans rapport d'avancement",
        "%(counter)s sans rapport d'avancement",
    ),
    "%(counter)s budget alert not flagged": (
        "%(counter)s alerte budgétaire non signalée",
        "%(counter)s alertes budgétaires non signalées",
    ),
    "%(counter)s project covered": ("%(counter)s projet suivi", "%(counter)s projets suivis"),
    "%(counter)s decision requested": (
        "%(counter)s décision attendue",
        "%(counter)s décisions attendues",
    ),
}


def _merge_parts() -> None:
    """Areas keep their French in a module of their own (scripts/fr_catalogue_<area>.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import fr_catalogue_copil

    for part in (fr_catalogue_copil,):
        FR.update(part.FR)
        PLURALS.update(part.PLURALS)


def main() -> int:
    _merge_parts()
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
