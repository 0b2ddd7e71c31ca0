"""French of the steering-committee pages (COPIL), merged into scripts/fr_catalogue.py."""

FR = {
    "Steering committees": "COPIL",
    "Monday": "lundi",
    "Tuesday": "mardi",
    "Wednesday": "mercredi",
    "Thursday": "jeudi",
    "Friday": "vendredi",
    "first": "premier",
    "second": "deuxième",
    "third": "troisième",
    "fourth": "quatrième",
    "last": "dernier",
    "No portfolio: a project COPIL": "Aucun portefeuille : COPIL de projet",
    "No project: a portfolio COPIL": "Aucun projet : COPIL de portefeuille",
    "Choose either a portfolio or a project, not both.": (
        "Choisissez un portefeuille ou un projet, pas les deux."
    ),
    "Choose the portfolio (or the project) it steers.": (
        "Choisissez le portefeuille (ou le projet) que ce COPIL pilote."
    ),
    "Attendees": "Participants",
    "Executives, sponsor, PMO: they receive the pack by e-mail.": (
        "Direction, sponsor, PMO : ils reçoivent le support par e-mail."
    ),
    "After the meeting: what was said (the decisions go below).": (
        "Après la réunion : ce qui a été dit (les décisions se saisissent plus bas)."
    ),
    "Plan the steering committee": "Planifier le COPIL",
    "Every month, on the": "Chaque mois, le",
    "Day": "Jour",
    "Time": "Heure",
    "From the month of": "À partir du mois de",
    "Any day of the first month of the series.": "N'importe quel jour du premier mois de la série.",
    "Number of months": "Nombre de mois",
    "Location": "Lieu",
    "Agenda": "Ordre du jour",
    "Language of the pack": "Langue du support",
    "Order of the projects in the pack": "Ordre des projets dans le support",
    "Plan the meetings": "Planifier les réunions",
    "The series cannot start in a past month.": "La série ne peut pas commencer un mois passé.",
    "Where it stands; shown at the next steering committee.": (
        "Où en est la décision ; repris au COPIL suivant."
    ),
    "The whole portfolio": "Tout le portefeuille",
    "Record the decision": "Enregistrer la décision",
    "Save the settings": "Enregistrer les paramètres",
    "The logo is too large: at most 1 MB.": "Le logo est trop lourd : 1 Mo au maximum.",
    "The logo must be a PNG or JPEG image.": "Le logo doit être une image PNG ou JPEG.",
    "By health, worst first": "Par météo, les plus dégradés d'abord",
    "By priority score, highest first": "Par score de priorité, du plus élevé au plus faible",
    "Held": "Tenu",
    "A portfolio COPIL covers its sub-portfolios too.": (
        "Un COPIL de portefeuille couvre aussi ses sous-portefeuilles."
    ),
    "For a project COPIL, instead of a portfolio.": (
        "Pour un COPIL de projet, à la place d'un portefeuille."
    ),
    "date and time": "date et heure",
    "location": "lieu",
    "agenda": "ordre du jour",
    "minutes": "compte rendu",
    "attendees": "participants",
    "language of the pack": "langue du support",
    "order of the projects in the pack": "ordre des projets dans le support",
    "series": "série",
    "Meetings planned together as one recurring series.": (
        "Réunions planifiées ensemble comme une série récurrente."
    ),
    "created by": "créé par",
    "steering committee": "COPIL",
    "steering committees": "COPIL",
    "Done": "Soldé",
    "decision": "décision",
    "follow-up": "suivi",
    "COPIL decision": "décision de COPIL",
    "COPIL decisions": "décisions de COPIL",
    "Waiting": "En attente",
    "Generating": "En cours de génération",
    "Ready": "Prêt",
    "On demand": "À la demande",
    "Scheduled": "Planifié",
    "trigger": "déclenchement",
    "language": "langue",
    "requested": "demandé le",
    "started": "commencé le",
    "finished": "terminé le",
    "error": "erreur",
    "file": "fichier",
    "size (bytes)": "taille (octets)",
    "pages": "pages",
    "SHA-256": "SHA-256",
    "data as of": "données au",
    "rendering time (s)": "durée de génération (s)",
    "COPIL pack": "Support de COPIL",
    "COPIL packs": "Supports de COPIL",
    "organisation name": "nom de l'organisation",
    "Shown on the cover.": "Affiché en couverture.",
    "logo": "logo",
    "PNG or JPEG, at most 1 MB. Shown on the cover of every pack.": (
        "PNG ou JPEG, 1 Mo au maximum. Affiché en couverture de chaque support."
    ),
    "confidentiality mention": "mention de confidentialité",
    "Printed on the cover and at the foot of every page. Empty: “Confidential — restricted "
    "distribution”, in the language of the pack.": (
        "Imprimée en couverture et en pied de chaque page. Vide : « Confidentiel — diffusion "
        "restreinte », dans la langue du support."
    ),
    "generate the pack this many days before the meeting": (
        "générer le support ce nombre de jours avant la réunion"
    ),
    "COPIL settings": "Paramètres des COPIL",
    "changed by %(user)s": "modifié par %(user)s",
    "Choose a project covered by this steering committee.": (
        "Choisissez un projet couvert par ce COPIL."
    ),
    "COPIL pack ready: %(title)s, %(when)s": "Support de COPIL prêt : %(title)s, %(when)s",
    "Hello,\n\nThe pack of the steering committee “%(title)s” (%(scope)s) of %(when)s is "
    "ready: %(pages)s pages.\n\nRead it in the portal: %(url)s\n\n— PMO Portal": (
        "Bonjour,\n\nLe support du COPIL « %(title)s » (%(scope)s) du %(when)s est prêt : "
        "%(pages)s pages.\n\nConsultez-le sur le portail : %(url)s\n\n— Portail PMO"
    ),
    "Decision of “%(title)s”": "Décision du « %(title)s »",
    "Edit a decision": "Modifier une décision",
    "The decision was not saved. Please correct these errors:": (
        "La décision n'a pas été enregistrée. Corrigez ces erreurs :"
    ),
    "Edit the meeting": "Modifier la réunion",
    "Generate the pack": "Générer le support",
    "Takes a few seconds; you can leave this page.": (
        "Quelques secondes suffisent ; vous pouvez quitter cette page."
    ),
    "Archived packs (each file is kept as generated)": (
        "Supports archivés (chaque fichier est conservé tel que généré)"
    ),
    "Trigger": "Déclenchement",
    "Pages": "Pages",
    "Download": "Télécharger",
    "PDF": "PDF",
    "No pack generated yet for this meeting.": "Aucun support généré pour cette réunion.",
    "Decision log": "Relevé de décisions",
    "Decisions taken at this meeting": "Décisions prises lors de cette réunion",
    "No decision recorded for this meeting yet.": (
        "Aucune décision enregistrée pour cette réunion."
    ),
    "Record a decision": "Enregistrer une décision",
    "No agenda yet.": "Pas encore d'ordre du jour.",
    "Minutes": "Compte rendu",
    "No attendee yet.": "Aucun participant pour l'instant.",
    "Invite them": "Les inviter",
    "Follow-up of the previous meeting": "Suivi du COPIL précédent",
    "The previous meeting recorded no decision.": "Le COPIL précédent n'a pris aucune décision.",
    "This is the first steering committee of this scope.": (
        "C'est le premier COPIL de ce périmètre."
    ),
    "New steering committee": "Nouveau COPIL",
    "A steering committee covers a portfolio (and its sub-portfolios) or a single project.": (
        "Un COPIL couvre un portefeuille (et ses sous-portefeuilles) ou un seul projet."
    ),
    "The steering committee was not saved. Please correct these errors:": (
        "Le COPIL n'a pas été enregistré. Corrigez ces erreurs :"
    ),
    "Past steering committees": "COPIL passés",
    "latest first": "les plus récents d'abord",
    "soonest first": "les plus proches d'abord",
    "Plan recurring meetings": "Planifier des COPIL récurrents",
    "Upcoming": "À venir",
    "Past": "Passés",
    "Steering committees, with their scope, decisions and packs": (
        "COPIL, avec leur périmètre, leurs décisions et leurs supports"
    ),
    "Steering committee": "COPIL",
    "Decisions": "Décisions",
    "Packs": "Supports",
    "No steering committee has been held yet.": "Aucun COPIL ne s'est encore tenu.",
    "No steering committee is planned.": "Aucun COPIL n'est planifié.",
    "Download the pack (PDF)": "Télécharger le support (PDF)",
    "data as of %(when)s": "données au %(when)s",
    "The pack could not be generated.": "Le support n'a pas pu être généré.",
    "Reason:": "Motif :",
    "Generating the pack…": "Génération du support…",
    "Waiting for the PDF worker…": "En attente du service de génération PDF…",
    "The previous attempt failed and is being retried:": (
        "La tentative précédente a échoué ; nouvel essai en cours :"
    ),
    "For example every month on the first Tuesday at 10:00, for a year. Dates already in the "
    "calendar are left as they are.": (
        "Par exemple chaque mois le premier mardi à 10 h, pendant un an. Les dates déjà au "
        "calendrier restent telles quelles."
    ),
    "No meeting was planned. Please correct these errors:": (
        "Aucune réunion n'a été planifiée. Corrigez ces erreurs :"
    ),
    "Settings": "Paramètres",
    "What every pack shows on its cover and at the foot of its pages, and when scheduled packs "
    "are generated.": (
        "Ce que chaque support affiche en couverture et en pied de page, et quand les supports "
        "planifiés sont générés."
    ),
    "The settings were not saved. Please correct these errors:": (
        "Les paramètres n'ont pas été enregistrés. Corrigez ces erreurs :"
    ),
    "Steering committee “%(title)s” planned.": "COPIL « %(title)s » planifié.",
    "%(created)s steering committees planned, %(skipped)s already in the calendar.": (
        "%(created)s COPIL planifiés, %(skipped)s déjà au calendrier."
    ),
    "Decision recorded.": "Décision enregistrée.",
    "COPIL settings saved.": "Paramètres des COPIL enregistrés.",
    "A steering committee of this scope is already planned at that time.": (
        "Un COPIL de ce périmètre est déjà planifié à cette heure-là."
    ),
    "The first date, %(day)s, is past: start the series next month.": (
        "La première date, le %(day)s, est passée : commencez la série le mois prochain."
    ),
    "The file name does not match its type (PNG or JPEG).": (
        "Le nom du fichier ne correspond pas à son type (PNG ou JPEG)."
    ),
    "Decision saved.": "Décision enregistrée.",
    "The pack is being generated; this page shows its progress.": (
        "Le support est en cours de génération ; cette page en suit l'avancement."
    ),
    "A pack is already being generated for this meeting.": (
        "Un support est déjà en cours de génération pour cette réunion."
    ),
}

PLURALS = {
    "%(counter)s project, in %(language)s, %(order)s.": (
        "%(counter)s projet, en %(language)s, %(order)s.",
        "%(counter)s projets, en %(language)s, %(order)s.",
    ),
    "%(counter)s meeting": ("%(counter)s réunion", "%(counter)s réunions"),
    "%(counter)s page": ("%(counter)s page", "%(counter)s pages"),
    "After %(counter)s attempt.": ("Après %(counter)s tentative.", "Après %(counter)s tentatives."),
}
