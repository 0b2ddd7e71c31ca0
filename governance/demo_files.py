"""Files of the governance demo: the PMO's document templates (real .docx and .xlsx files,
made with python-docx and openpyxl) and the small PDF deliverables the project managers
"uploaded".

Every builder returns ``(content, placeholders)``: the bytes of the file and the names of the
``{{ placeholders }}`` it holds (in a docx template each placeholder sits in one run, so
docxtpl fills it). Placeholder names are those the apps contribute (project_name,
project_code, project_manager, sponsor, portfolio, business_domain, project_type,
planned_start, planned_end, description, estimated_cost, health_overall, percent_complete,
status_date, approved_budget, actual_costs).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

PLACEHOLDER = re.compile(r"{{\s*([a-z_][a-z0-9_]*)\s*}}")
COMPANY = "Groupe Hexagone Énergie"
BLUE = RGBColor(0x1F, 0x3A, 0x5F)


class _Doc:
    """A small writer over python-docx that remembers the placeholders it wrote."""

    def __init__(self, title: str, subtitle: str):
        self.document = Document()
        self.placeholders: list[str] = []
        style = self.document.styles["Normal"]
        style.font.name = "Calibri"
        style.font.size = Pt(11)
        header = self.document.sections[0].header.paragraphs[0]
        header.text = f"{COMPANY} — Bureau de projets (PMO)"
        self.document.add_heading(title, level=0)
        intro = self.document.add_paragraph()
        intro.add_run(self._seen(subtitle)).italic = True

    def _seen(self, text: str) -> str:
        for name in PLACEHOLDER.findall(text):
            if name not in self.placeholders:
                self.placeholders.append(name)
        return text

    def heading(self, text: str) -> None:
        heading = self.document.add_heading(text, level=1)
        for run in heading.runs:
            run.font.color.rgb = BLUE

    def text(self, text: str) -> None:
        self.document.add_paragraph(self._seen(text))

    def bullets(self, *items: str) -> None:
        for item in items:
            self.document.add_paragraph(self._seen(item), style="List Bullet")

    def facts(self, *rows: tuple[str, str]) -> None:
        """A two-column table: label in bold, value (often a placeholder)."""
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Light Grid Accent 1"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(self._seen(value))
        self.document.add_paragraph()

    def grid(self, header: list[str], lines: int) -> None:
        """An empty table to fill in, with a header row."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Light Grid Accent 1"
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for _line in range(lines):
            table.add_row()
        self.document.add_paragraph()

    def result(self) -> tuple[bytes, list[str]]:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue(), self.placeholders


def note_de_lancement(major: int) -> tuple[bytes, list[str]]:
    doc = _Doc(
        "Note de lancement",
        "Projet {{ project_name }} ({{ project_code }}) — document de référence du cadrage."
        if major > 1
        else "Projet {{ project_name }} — document de référence du cadrage.",
    )
    doc.heading("1. Identification du projet")
    rows = [
        ("Projet", "{{ project_name }}"),
        ("Code", "{{ project_code }}"),
        ("Portefeuille", "{{ portfolio }}"),
        ("Chef de projet", "{{ project_manager }}"),
        ("Sponsor (commanditaire)", "{{ sponsor }}"),
    ]
    doc.facts(*rows)
    doc.heading("2. Contexte et objectifs")
    doc.text(
        "Décrire le besoin à l'origine du projet, les objectifs mesurables et leur lien "
        "avec les axes stratégiques du groupe."
    )
    doc.heading("3. Périmètre")
    doc.bullets("Dans le périmètre : …", "Hors périmètre : …", "Hypothèses et contraintes : …")
    doc.heading("4. Planning")
    doc.facts(("Début prévu", "{{ planned_start }}"), ("Fin prévue", "{{ planned_end }}"))
    doc.text("Jalons principaux et revues de passage prévues : voir le planning de référence.")
    if major > 1:
        doc.heading("5. Budget")
        doc.facts(("Budget validé", "{{ approved_budget }}"))
        doc.text("Répartition CAPEX (investissement) / OPEX (fonctionnement) et hypothèses.")
        doc.heading("6. Gouvernance et parties prenantes")
        doc.bullets(
            "COPIL (comité de pilotage) : sponsor, direction métier, PMO.",
            "Comité de projet : chef de projet, responsables de lots.",
            "Fréquence du reporting : mensuelle (rapport d'avancement).",
        )
        doc.heading("7. Principaux risques")
    else:
        doc.heading("5. Principaux risques")
    doc.grid(["Risque", "Probabilité", "Impact", "Action de maîtrise"], 3)
    doc.text("Validation du sponsor : date et visa.")
    return doc.result()


def rapport_copil(minor: int) -> tuple[bytes, list[str]]:
    doc = _Doc("Rapport de COPIL", "Support du comité de pilotage — {{ project_name }}.")
    doc.heading("1. Synthèse")
    doc.facts(
        ("Projet", "{{ project_name }} ({{ project_code }})"),
        ("Chef de projet", "{{ project_manager }}"),
        ("Météo du projet", "{{ health_overall }}"),
        ("Avancement", "{{ percent_complete }}"),
        ("Situation au", "{{ status_date }}"),
    )
    doc.heading("2. Avancement depuis le dernier COPIL")
    doc.bullets("Réalisations : …", "Jalons atteints : …", "Glissements : …")
    doc.heading("3. Budget")
    doc.facts(("Budget validé", "{{ approved_budget }}"))
    doc.heading("4. Risques et points bloquants")
    doc.grid(["Sujet", "Criticité", "Action", "Responsable", "Échéance"], 3)
    if minor >= 1:
        doc.heading("5. Décisions attendues du COPIL")
        doc.grid(["Décision", "Options", "Recommandation"], 2)
    doc.heading("Relevé de décisions")
    doc.text("À compléter en séance.")
    return doc.result()


def plan_de_recette(minor: int) -> tuple[bytes, list[str]]:
    doc = _Doc("Plan de recette", "{{ project_name }} ({{ project_code }})")
    doc.heading("1. Objet")
    doc.text(
        "Ce plan décrit la stratégie, l'organisation et les cas de test de la recette du "
        "projet, sous la responsabilité de {{ project_manager }}."
    )
    doc.heading("2. Stratégie de recette")
    doc.bullets(
        "Recette fonctionnelle par les utilisateurs clés.",
        "Tests de non-régression.",
        "Critères d'acceptation : aucune anomalie bloquante, anomalies majeures corrigées.",
    )
    doc.heading("3. Planning")
    doc.facts(("Fin du projet prévue", "{{ planned_end }}"))
    doc.heading("4. Cas de test")
    doc.grid(["N°", "Scénario", "Résultat attendu", "Résultat obtenu", "Statut"], 4)
    if minor >= 1:
        doc.heading("5. Tests de sécurité et de performance")
        doc.text(
            "Campagne de tests d'intrusion et tests de charge sur l'environnement "
            "de pré-production."
        )
    doc.heading("Procès-verbal")
    doc.text("Le PV de recette est signé par le sponsor à l'issue de la campagne.")
    return doc.result()


def suivi_budgetaire(major: int) -> tuple[bytes, list[str]]:
    """A spreadsheet to fill in (no placeholders: only docx templates fill themselves)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Suivi budgétaire"
    title_font, header_font = Font(bold=True, size=14), Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3A5F")
    sheet["A1"] = "Suivi budgétaire du projet"
    sheet["A1"].font = title_font
    sheet["A2"] = f"{COMPANY} — modèle du PMO, à mettre à jour chaque mois"
    sheet["A4"], sheet["A5"] = "Projet :", "Code :"
    headers = ["Mois", "Budget validé (€)", "Engagé (€)", "Réalisé (€)", "Reste à faire (€)"]
    if major > 1:
        headers = ["Mois", "Nature (CAPEX/OPEX)", *headers[1:], "Atterrissage (€)"]
    for column, label in enumerate(headers, start=1):
        cell = sheet.cell(row=7, column=column, value=label)
        cell.font, cell.fill = header_font, fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = 20
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    for row, month in enumerate(months, start=8):
        sheet.cell(row=row, column=1, value=month)
    total = 8 + len(months)
    sheet.cell(row=total, column=1, value="Total").font = Font(bold=True)
    first_amount = 3 if major > 1 else 2
    for column in range(first_amount, len(headers) + 1):
        letter = sheet.cell(row=7, column=column).column_letter
        sheet.cell(row=total, column=column, value=f"=SUM({letter}8:{letter}{total - 1})")
    notes = book.create_sheet("Mode d'emploi")
    notes["A1"] = "Renseigner le réalisé à partir des factures, l'engagé à partir des commandes."
    if major > 1:
        notes["A2"] = "Séparer CAPEX (investissement) et OPEX (fonctionnement)."
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), []


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def pdf(title: str, lines: list[str]) -> bytes:
    """A small valid one-page PDF (Helvetica, WinAnsi so French accents show)."""
    stream = b"BT /F1 16 Tf 56 780 Td (" + _pdf_text(title) + b") Tj ET\n"
    y = 750
    for line in lines:
        stream += b"BT /F1 11 Tf 56 %d Td (" % y + _pdf_text(line) + b") Tj ET\n"
        y -= 18
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
