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
    "created": "créé le",
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
    "My projects": "Mes projets",
    "Open projects you manage or deputise": "Projets en cours dont vous êtes chef de projet ou suppléant",
    "Project": "Projet",
    "Health": "Météo",
    "Planned end": "Fin prévue",
    "You do not manage or deputise any open project.": (
        "Vous n'êtes chef de projet ni suppléant d'aucun projet en cours."
    ),
    "Browse the projects": "Parcourir les projets",
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
}
PLURALS = {
    "%(counter)s project": ("%(counter)s projet", "%(counter)s projets"),
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
